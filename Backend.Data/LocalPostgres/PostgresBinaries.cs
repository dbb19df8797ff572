using System.Globalization;

namespace Backend.Data.LocalPostgres;

/// <summary>Finds the machine's PostgreSQL server binaries: PG_BIN, then <c>pg_config --bindir</c>, then the newest /usr/lib/postgresql/*/bin.</summary>
public sealed record PostgresBinaries(string BinDirectory)
{
    public const string HowToGetThem =
        "No PostgreSQL server binaries (initdb, pg_ctl, postgres) were found. Either install them " +
        "(Debian/Ubuntu: apt-get install -y postgresql; or set PG_BIN to their folder), " +
        "or set DATABASE_URL to an existing PostgreSQL server, " +
        "or run the whole stack with: docker compose up --build";

    public string Tool(string name) => Path.Combine(BinDirectory, name);

    public static async Task<PostgresBinaries?> LocateAsync(string? pgBin, CancellationToken ct)
    {
        foreach (var candidate in await CandidatesAsync(pgBin, ct))
        {
            if (IsServerBinDirectory(candidate))
            {
                return new PostgresBinaries(candidate);
            }
        }

        return null;
    }

    private static bool IsServerBinDirectory(string directory) =>
        File.Exists(Path.Combine(directory, "initdb"))
        && File.Exists(Path.Combine(directory, "pg_ctl"))
        && File.Exists(Path.Combine(directory, "postgres"));

    private static async Task<List<string>> CandidatesAsync(string? pgBin, CancellationToken ct)
    {
        var candidates = new List<string>();
        if (!string.IsNullOrWhiteSpace(pgBin))
        {
            candidates.Add(pgBin.Trim());
        }

        var pgConfig = await ProcessRunner.RunAsync("pg_config", ["--bindir"], ct);
        if (pgConfig.Succeeded && pgConfig.StandardOutput.Trim().Length > 0)
        {
            candidates.Add(pgConfig.StandardOutput.Trim());
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            candidates.AddRange(Directory.GetDirectories(debianRoot)
                .Select(dir => (dir, version: double.TryParse(Path.GetFileName(dir), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0))
                .OrderByDescending(x => x.version)
                .Select(x => Path.Combine(x.dir, "bin")));
        }

        return candidates;
    }
}
