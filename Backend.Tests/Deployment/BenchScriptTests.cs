using System.Globalization;
using Backend.Api.Features.Graph.Neighbors;
using Backend.Data.Graph;
using Backend.Data.Relationships;

namespace Backend.Tests.Deployment;

/// <summary>
/// The bench's copies of the service's statements (bench/sql) stay the statements the service runs, so the bench's
/// "SQL only" rows and kept explain plans measure what GET /api/v1/entities/{id}/neighbors executes.
/// </summary>
public sealed class BenchScriptTests
{
    private static readonly string Neighborhood = NeighborhoodSql.For(2, RelationshipDirection.Both, typed: false);

    [Fact]
    public void Pgbench_neighbours_script_runs_the_services_depth_2_statement_with_the_endpoints_default_caps()
    {
        var script = RepositoryFiles.Read("bench", "sql", "pgbench_neighbors.sql").ReplaceLineEndings("\n");
        var expected = Neighborhood
            .Replace("$1", "(SELECT b.id FROM bench.ids b WHERE b.n = :n)", StringComparison.Ordinal)
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
}
