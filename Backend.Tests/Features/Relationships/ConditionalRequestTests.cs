using System.Net;
using System.Text;
using Backend.Tests.Infrastructure;
using Dapper;

namespace Backend.Tests.Features.Relationships;

/// <summary>RFC 9110 §13 on every ETag-bearing relationship operation (GET, PATCH, DELETE): lists, <c>*</c>, weak tags, strong vs weak comparison, §13.2.2 order.</summary>
public sealed class ConditionalRequestTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    /// <summary>Operation, If-Match, If-None-Match, expected status; the relationship is at version 1.</summary>
    public static TheoryData<string, string?, string?, int> Cases => new()
    {
        { "GET", "\"1\"", null, 200 },
        { "GET", "\"8\", \"1\"", null, 200 },
        { "GET", "*", null, 200 },
        { "GET", "W/\"1\"", null, 412 },
        { "GET", "\"2\"", null, 412 },
        { "GET", null, "\"1\"", 304 },
        { "GET", null, "W/\"1\"", 304 },
        { "GET", null, "*", 304 },
        { "GET", null, "\"2\", \"3\"", 200 },
        { "GET", "\"2\"", "\"1\"", 412 },
        { "PATCH", "\"1\"", null, 200 },
        { "PATCH", "\"3\", \"1\"", null, 200 },
        { "PATCH", "*", null, 200 },
        { "PATCH", "W/\"1\"", null, 412 },
        { "PATCH", "\"2\"", null, 412 },
        { "PATCH", null, "\"1\"", 412 },
        { "PATCH", null, "W/\"1\"", 412 },
        { "PATCH", null, "*", 412 },
        { "PATCH", null, "\"2\"", 200 },
        { "DELETE", "\"1\"", null, 204 },
        { "DELETE", "*", null, 204 },
        { "DELETE", "W/\"1\"", null, 412 },
        { "DELETE", "\"2\"", null, 412 },
        { "DELETE", null, "\"1\"", 412 },
        { "DELETE", null, "*", 412 },
        { "DELETE", null, "\"2\"", 204 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Preconditions_are_evaluated_as_RFC_9110_says(string operation, string? ifMatch, string? ifNoneMatch, int expected)
    {
        var graph = await GraphClient.SignInAsync(Host);
        var id = await graph.LinkAsync(await graph.CreateEntityAsync(), await graph.CreateEntityAsync());
        var uri = new Uri($"/api/v1/relationships/{id}", UriKind.Relative);
        var request = new HttpRequestMessage(new HttpMethod(operation), uri);
        if (operation == "PATCH")
        {
            request.Content = new StringContent("""{"evidence":"changed"}""", Encoding.UTF8, "application/merge-patch+json");
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        using var response = await graph.Http.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(expected, body);
        if (expected == 412)
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
            response.Headers.ETag!.Tag.ShouldBe("\"1\"");
        }

        await using var connection = await Host.DataSource.OpenConnectionAsync();
        var version = await connection.ExecuteScalarAsync<int>("SELECT version FROM backend_entities.entity_relationships WHERE id = @id", new { id });
        version.ShouldBe(operation != "GET" && expected is 200 or 204 ? 2 : 1);
    }
}
