using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Backend.Tests.Fuzz;
using Backend.Tests.Infrastructure;
using Npgsql;

namespace Backend.Tests.Faults;

/// <summary>
/// With the database stopped, every operation is called once with a well-formed request: none may answer 500, and the
/// ones that need the database answer the documented 503 problem (the contract check validates every answer).
/// </summary>
public sealed class OutageContractTests
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    [Fact]
    public async Task With_the_database_down_every_operation_answers_a_documented_status_and_never_500()
    {
        await using var cluster = await TestPostgres.StartPrivateClusterAsync();
        var database = new NpgsqlConnectionStringBuilder(await cluster.EnsureDatabaseAsync("backend", default));
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["DB_COMMAND_TIMEOUT"] = "2s",
            ["DB_POOL_TIMEOUT"] = "1s",
            ["HEALTH_CHECK_TIMEOUT"] = "1s",
        }, database);
        var (adminId, token) = await AuthHelper.RegisterAndLoginAsync(host, "admin");
        var graph = new GraphClient(host.CreateClient(token));
        var first = await graph.CreateEntityAsync("Outage first");
        var second = await graph.CreateEntityAsync("Outage second");
        var relationship = await graph.LinkAsync(first, second);
        using var client = host.CreateClient(token);
        var document = JsonNode.Parse(await client.GetStringAsync(new Uri("/api/v1/openapi.json", UriKind.Relative)))!.AsObject();
        var operations = OpenApiOperations.Read(document, _ => true);
        var bodies = new FuzzBodies(first, second);

        await cluster.StopServerAsync(default);
        var answers = new List<(string Operation, int Status)>();
        foreach (var operation in operations)
        {
            var id = operation.Path.StartsWith("/api/v1/relationships/", StringComparison.Ordinal) ? relationship
                : operation.Path.StartsWith("/api/v1/admin/users/", StringComparison.Ordinal) ? adminId
                : first;
            using var request = new HttpRequestMessage(new HttpMethod(operation.Method), new Uri(operation.Path.Replace("{id}", id.ToString(), StringComparison.Ordinal), UriKind.Relative));
            if (operation.HasBody)
            {
                var schema = operation.BodySchema is { } own && own["properties"] is JsonObject { Count: > 0 } ? own : BorrowedSchema(operation, operations);
                var body = bodies.Mutations(schema ?? [], acceptsForm: false).First();
                request.Content = new StringContent(body.Content ?? "{}", Encoding.UTF8);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(operation.BodyContentTypes[0]);
            }

            // Streams (SSE) answer with their headers and then stay open: the status is what is checked.
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            answers.Add((operation.Name, (int)response.StatusCode));
        }

        // The throw probe exists to answer 500; everything else must not.
        answers.Where(a => a.Status >= 500 && a.Status != 503 && a.Operation != "GET /api/v1/test-probes/throw").ShouldBeEmpty();
        answers.Count(a => a.Status == 503).ShouldBeGreaterThan(operations.Count / 2, string.Join(", ", answers.Select(a => $"{a.Operation} {a.Status}")));
        (await client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static JsonObject? BorrowedSchema(FuzzOperation operation, List<FuzzOperation> all)
    {
        var collection = operation.Path.Replace("/{id}", "", StringComparison.Ordinal);
        return all.FirstOrDefault(o => o.Path == operation.Path && o.Method == "PUT" && o.BodySchema is not null)?.BodySchema
            ?? all.FirstOrDefault(o => o.Path == collection && o.Method == "POST" && o.BodySchema is not null)?.BodySchema
            ?? operation.BodySchema;
    }
}
