using System.Globalization;
using System.Text.RegularExpressions;
using Backend.Api.Features.Graph.Neighbors;
using Backend.Data.Audit;
using Backend.Data.Entities;
using Backend.Data.Graph;
using Backend.Data.Relationships;

namespace Backend.Tests.Deployment;

/// <summary>
/// The bench's copies of the service's statements (bench/sql) stay the statements the service runs, so the bench's
/// "SQL only" rows and kept explain plans measure what the API executes: the neighbourhood statement verbatim (but for
/// its parameters), and for get by id, create and batch (whose scripts make their values in the server) the shared
/// parts: the returned columns, the insert's column list and the audit row.
/// </summary>
public sealed partial class BenchScriptTests
{
    private static readonly string Neighborhood = NeighborhoodSql.For(2, RelationshipDirection.Both, typed: false);

    // How the pgbench scripts take a random seeded entity's id inside the statement (one round trip, like the API).
    private const string SeededId = "(SELECT b.id FROM bench.ids b WHERE b.n = :n)";

    [Fact]
    public void Pgbench_neighbours_script_runs_the_services_depth_2_statement_with_the_endpoints_default_caps()
    {
        var script = RepositoryFiles.Read("bench", "sql", "pgbench_neighbors.sql").ReplaceLineEndings("\n");
        var expected = Neighborhood
            .Replace("$1", SeededId, StringComparison.Ordinal)
            .Replace("$2", ":node_cap", StringComparison.Ordinal)
            .Replace("$3", ":edge_cap", StringComparison.Ordinal);

        script.ShouldEndWith(expected + ";\n");
        script.ShouldContain(string.Create(CultureInfo.InvariantCulture, $"\\set node_cap {NeighborsEndpoint.DefaultLimit}\n"));
        script.ShouldContain(string.Create(CultureInfo.InvariantCulture, $"\\set edge_cap {NeighborsEndpoint.MaxEdges}\n"));
    }

    [Fact]
    public void Explain_script_prepares_the_services_depth_2_statement()
    {
        var script = RepositoryFiles.Read("bench", "sql", "explain_graph.sql").ReplaceLineEndings("\n");

        script.ShouldContain("PREPARE neighbors(uuid, int, int) AS\n" + Neighborhood + ";\n");
    }

    [Theory]
    [InlineData("pgbench_create.sql")]
    [InlineData("pgbench_batch.sql")]
    public void Pgbench_write_scripts_insert_and_return_what_the_services_creates_do(string file)
    {
        var script = Flat(RepositoryFiles.Read("bench", "sql", file));

        script.ShouldContain(Flat(EntityRepository.Insert));
        script.ShouldContain("RETURNING " + Flat(EntityRepository.Columns));
        script.ShouldContain(Flat(AuditEvents.InsertFromSql));
        script.ShouldContain("'entity.create', 'entity', e.id, 'success'");
    }

    [Fact]
    public void Pgbench_get_by_id_script_selects_the_services_columns()
    {
        var script = Flat(RepositoryFiles.Read("bench", "sql", "pgbench_get_by_id.sql"));
        var columns = Alias().Replace(Flat(EntityRepository.Columns), "");

        script.ShouldContain($"SELECT {columns} FROM backend_entities.entities e WHERE e.id = {SeededId};");
    }

    // The statement text with every run of whitespace as one space, so line breaks and indentation do not matter.
    private static string Flat(string sql) => Whitespace().Replace(sql, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@" AS [A-Za-z]+")]
    private static partial Regex Alias();
}
