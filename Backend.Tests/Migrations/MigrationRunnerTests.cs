using Backend.Data.Migrations;
using Backend.Data.Postgres;
using Backend.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Backend.Tests.Migrations;

public sealed class MigrationRunnerTests : IDisposable
{
    private readonly string _scriptsCopy = Path.Combine(Path.GetTempPath(), "backend-sql-" + Guid.NewGuid().ToString("N")[..8]);

    public MigrationRunnerTests()
    {
        Directory.CreateDirectory(_scriptsCopy);
        foreach (var file in Directory.GetFiles(MigrationScripts.DefaultDirectory, "*.sql"))
        {
            File.Copy(file, Path.Combine(_scriptsCopy, Path.GetFileName(file)));
        }
    }

    public void Dispose() => Directory.Delete(_scriptsCopy, recursive: true);

    [Fact]
    public async Task Four_runners_starting_together_apply_each_script_exactly_once()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var sources = Enumerable.Range(0, 4).Select(i => DataSource(database, $"runner-{i}")).ToList();
        try
        {
            var results = await Task.WhenAll(sources.Select(source => Runner(source).ApplyAsync(default)));

            var scripts = MigrationScripts.Load(_scriptsCopy);
            results.SelectMany(r => r).Order().ShouldBe(scripts.Select(s => s.Name).Order());
            await using var connection = await sources[0].OpenConnectionAsync();
            var journal = (await connection.QueryAsync<string>("SELECT scriptname FROM backend_migrations.schema_versions")).ToList();
            journal.Count.ShouldBe(scripts.Count);
            journal.ShouldBeUnique();
        }
        finally
        {
            foreach (var source in sources)
            {
                await source.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_second_run_applies_nothing()
    {
        await using var source = DataSource(await TestPostgres.CreateDatabaseAsync(), "second-run");
        (await Runner(source).ApplyAsync(default)).ShouldNotBeEmpty();

        (await Runner(source).ApplyAsync(default)).ShouldBeEmpty();
        (await Runner(source).GetStatusAsync(default)).Pending.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_applied_script_that_was_edited_stops_the_runner_with_its_name()
    {
        await using var source = DataSource(await TestPostgres.CreateDatabaseAsync(), "edited");
        await Runner(source).ApplyAsync(default);
        var first = Path.Combine(_scriptsCopy, "0001_create_schemas.sql");
        await File.AppendAllTextAsync(first, "\n-- a later edit\n");

        var failure = await Should.ThrowAsync<MigrationException>(() => Runner(source).ApplyAsync(default));

        failure.Message.ShouldContain("0001_create_schemas.sql");
        failure.Message.ShouldContain("edited");
    }

    [Fact]
    public async Task An_applied_script_that_was_renamed_or_removed_stops_the_runner_with_its_name()
    {
        await using var source = DataSource(await TestPostgres.CreateDatabaseAsync(), "renamed");
        await Runner(source).ApplyAsync(default);
        File.Move(Path.Combine(_scriptsCopy, "0001_create_schemas.sql"), Path.Combine(_scriptsCopy, "0001_create_all_schemas.sql"));

        var failure = await Should.ThrowAsync<MigrationException>(() => Runner(source).GetStatusAsync(default));

        failure.Message.ShouldContain("0001_create_schemas.sql");
        failure.Message.ShouldContain("renamed or deleted");
    }

    [Fact]
    public async Task A_failing_script_is_rolled_back_and_named()
    {
        await using var source = DataSource(await TestPostgres.CreateDatabaseAsync(), "failing");
        var next = MigrationScripts.Load(_scriptsCopy).Max(s => s.Number) + 1;
        await File.WriteAllTextAsync(Path.Combine(_scriptsCopy, $"{next:D4}_create_broken.sql"), "CREATE TABLE backend_audit.half_done (id int);\nSELECT * FROM no_such_table;\n");

        var failure = await Should.ThrowAsync<MigrationException>(() => Runner(source).ApplyAsync(default));

        failure.Message.ShouldContain($"{next:D4}_create_broken.sql");
        await using var connection = await source.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<bool>("SELECT to_regclass('backend_audit.half_done') IS NULL")).ShouldBeTrue();
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM backend_migrations.schema_versions WHERE scriptname LIKE '%broken%'")).ShouldBe(0);
    }

    [Fact]
    public async Task The_printed_pending_sql_runs_by_hand_and_leaves_nothing_pending()
    {
        await using var source = DataSource(await TestPostgres.CreateDatabaseAsync(), "by-hand");
        var runner = Runner(source);
        var sql = MigrationRunner.RenderPendingSql(await runner.GetStatusAsync(default));

        await using (var connection = await source.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(sql);
        }

        var status = await runner.GetStatusAsync(default);
        status.Pending.ShouldBeEmpty();
        status.Applied.Count.ShouldBe(MigrationScripts.Load(_scriptsCopy).Count);
    }

    [Fact]
    public async Task Service_startup_fails_with_the_file_name_when_an_applied_script_was_edited()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var environment = new Dictionary<string, string?> { ["MIGRATIONS_PATH"] = _scriptsCopy };
        await (await TestHost.StartAsync(environment, database)).DisposeAsync();
        await File.AppendAllTextAsync(Path.Combine(_scriptsCopy, "0001_create_schemas.sql"), "\n-- edited after release\n");

        var failure = await Should.ThrowAsync<MigrationException>(() => TestHost.StartAsync(environment, database));

        failure.Message.ShouldContain("0001_create_schemas.sql");
    }

    [Fact]
    public async Task With_MIGRATE_ON_STARTUP_false_the_service_starts_without_touching_the_schema()
    {
        var database = await TestPostgres.CreateDatabaseAsync();

        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["MIGRATE_ON_STARTUP"] = "false" }, database);

        var ready = await host.Client.GetStringAsync(new Uri("/health/ready", UriKind.Relative));
        ready.ShouldContain("\"schema_version\":0");
        await using var connection = await host.DataSource.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<bool>("SELECT to_regnamespace('backend_auth') IS NULL")).ShouldBeTrue();
        host.Logs.Lines.ShouldContain(l => l.Contains("migration(s) are pending", StringComparison.Ordinal));
    }

    private MigrationRunner Runner(NpgsqlDataSource source) =>
        new(source, MigrationScripts.Load(_scriptsCopy), NullLogger<MigrationRunner>.Instance);

    private static NpgsqlDataSource DataSource(NpgsqlConnectionStringBuilder database, string name) =>
        DataSourceFactory.Create(database, new DataSourceOptions(2, 2, 0, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)), name);
}
