using System.Net;
using Backend.Data.Migrations;
using Backend.Tests.Infrastructure;
using Dapper;

namespace Backend.Tests.Faults;

public sealed class ParallelStartupTests
{
    [Fact]
    public async Task Four_instances_starting_together_on_an_empty_database_all_become_ready_and_apply_each_script_once()
    {
        var database = await TestPostgres.CreateDatabaseAsync();

        var hosts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => TestHost.StartAsync(database: database)));
        try
        {
            foreach (var host in hosts)
            {
                (await host.Client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
            }

            await using var connection = await hosts[0].DataSource.OpenConnectionAsync();
            var journal = (await connection.QueryAsync<string>("SELECT scriptname FROM backend_migrations.schema_versions")).ToList();
            journal.ShouldBeUnique();
            journal.Count.ShouldBe(MigrationScripts.Load(MigrationScripts.DefaultDirectory).Count);
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }
}
