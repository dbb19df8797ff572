using System.Text.Json;

namespace Backend.Tests.Deployment;

/// <summary>The Dockerfile as instructions (continuation lines joined, comments dropped), grouped by stage.</summary>
internal sealed record DockerfileInstructions(IReadOnlyList<DockerfileInstructions.Instruction> All)
{
    public sealed record Instruction(int Stage, string Keyword, string Arguments)
    {
        /// <summary>The arguments of the exec (JSON array) form, e.g. <c>["dotnet", "Backend.Api.dll"]</c>.</summary>
        public IReadOnlyList<string> ExecForm(string? after = null)
        {
            var text = after is null ? Arguments : Arguments[(Arguments.IndexOf(after, StringComparison.Ordinal) + after.Length)..];
            return JsonSerializer.Deserialize<string[]>(text.Trim()) ?? [];
        }
    }

    public static DockerfileInstructions Load()
    {
        var instructions = new List<Instruction>();
        var stage = 0;
        var pending = string.Empty;
        foreach (var raw in RepositoryFiles.Read("Dockerfile").Split('\n'))
        {
            var line = raw.TrimEnd('\r').Trim();
            if (line.StartsWith('#') || (line.Length == 0 && pending.Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            var full = (pending + line).Trim();
            pending = string.Empty;
            if (full.Length == 0)
            {
                continue;
            }

            var space = full.IndexOf(' ', StringComparison.Ordinal);
            var keyword = (space < 0 ? full : full[..space]).ToUpperInvariant();
            stage += keyword == "FROM" ? 1 : 0;
            instructions.Add(new Instruction(stage, keyword, space < 0 ? string.Empty : full[(space + 1)..].Trim()));
        }

        return new DockerfileInstructions(instructions);
    }

    public int LastStage => All.Max(i => i.Stage);

    public IEnumerable<Instruction> Named(string keyword, int? stage = null) =>
        All.Where(i => i.Keyword == keyword && (stage is null || i.Stage == stage));
}
