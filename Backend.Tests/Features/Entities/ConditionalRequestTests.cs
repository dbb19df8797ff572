using System.Net;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Features.Entities;

/// <summary>
/// RFC 9110 §13 on every ETag-bearing entity operation (GET, PUT, PATCH, DELETE, restore): If-Match and If-None-Match
/// with lists, <c>*</c> and weak tags; strong comparison for If-Match, weak for If-None-Match; §13.2.2's order (If-Match
/// first; If-None-Match answers 304 on GET/HEAD and 412 otherwise); preconditions only after 404.
/// </summary>
public sealed class ConditionalRequestTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    /// <summary>Operation, If-Match, If-None-Match, expected status. The entity is at version 1 (ETag "1"); restore runs on it deleted (ETag "2").</summary>
    public static TheoryData<string, string?, string?, int> Cases => new()
    {
        { "GET", "\"1\"", null, 200 },
        { "GET", "\"7\", \"1\"", null, 200 },
        { "GET", "*", null, 200 },
        { "GET", "W/\"1\"", null, 412 },
        { "GET", "\"2\"", null, 412 },
        { "GET", null, "\"1\"", 304 },
        { "GET", null, "W/\"1\"", 304 },
        { "GET", null, "\"5\", W/\"1\"", 304 },
        { "GET", null, "*", 304 },
        { "GET", null, "\"2\"", 200 },
        { "GET", "\"2\"", "\"1\"", 412 },
        { "GET", "\"1\"", "\"1\"", 304 },
        { "GET", "\"1\"", "\"2\"", 200 },
        { "PATCH", "\"1\"", null, 200 },
        { "PATCH", "\"3\", \"1\"", null, 200 },
        { "PATCH", "*", null, 200 },
        { "PATCH", "W/\"1\"", null, 412 },
        { "PATCH", "\"2\"", null, 412 },
        { "PATCH", "1", null, 412 },
        { "PATCH", null, "*", 412 },
        { "PATCH", null, "\"1\"", 412 },
        { "PATCH", null, "W/\"1\"", 412 },
        { "PATCH", null, "\"2\"", 200 },
        { "PATCH", "\"1\"", "\"2\"", 200 },
        { "PATCH", "\"2\"", "\"2\"", 412 },
        { "PUT", "\"1\"", null, 200 },
        { "PUT", "\"4\", \"1\"", null, 200 },
        { "PUT", "W/\"1\"", null, 412 },
        { "PUT", null, "\"1\"", 412 },
        { "PUT", null, "\"2\"", 200 },
        { "DELETE", "\"1\"", null, 204 },
        { "DELETE", "*", null, 204 },
        { "DELETE", "\"9\", \"1\"", null, 204 },
        { "DELETE", "W/\"1\"", null, 412 },
        { "DELETE", "\"2\"", null, 412 },
        { "DELETE", null, "\"1\"", 412 },
        { "DELETE", null, "*", 412 },
        { "DELETE", null, "\"9\"", 204 },
        { "RESTORE", "\"2\"", null, 200 },
        { "RESTORE", "*", null, 200 },
        { "RESTORE", "\"1\"", null, 412 },
        { "RESTORE", "W/\"2\"", null, 412 },
        { "RESTORE", null, "\"2\"", 412 },
        { "RESTORE", null, "W/\"2\"", 412 },
        { "RESTORE", null, "\"1\"", 200 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Preconditions_are_evaluated_as_RFC_9110_says(string operation, string? ifMatch, string? ifNoneMatch, int expected)
    {
        var graph = await GraphClient.SignInAsync(Host, "moderator");
        var id = (await EntityApi.CreateAsync(graph.Http)).GetProperty("id").GetGuid();
        if (operation == "RESTORE")
        {
            (await graph.Http.DeleteAsync(EntityApi.Item(id))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        var before = (await EntityApi.RowAsync(Host, id))!;
        var request = operation switch
        {
            "GET" => EntityApi.Request(HttpMethod.Get, id),
            "PATCH" => EntityApi.Request(HttpMethod.Patch, id, EntityApi.Json("""{"description":"changed"}""", "application/merge-patch+json")),
            "PUT" => EntityApi.Request(HttpMethod.Put, id, EntityApi.Json(new { name = before.Name, type = before.Type, description = "changed" })),
            "DELETE" => EntityApi.Request(HttpMethod.Delete, id),
            _ => new HttpRequestMessage(HttpMethod.Post, EntityApi.Restore(id)),
        };
        Add(request, "If-Match", ifMatch);
        Add(request, "If-None-Match", ifNoneMatch);

        using var response = await graph.Http.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(expected, body);
        var after = (await EntityApi.RowAsync(Host, id))!;
        if (expected == 412)
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
            response.Headers.ETag!.Tag.ShouldBe($"\"{before.Version}\"");
        }

        if (expected == 304)
        {
            body.ShouldBeEmpty();
            response.Headers.ETag!.Tag.ShouldBe($"\"{before.Version}\"");
        }

        var wrote = operation != "GET" && expected is 200 or 204;
        after.Version.ShouldBe(wrote ? before.Version + 1 : before.Version);
    }

    [Fact]
    public async Task An_unknown_entity_is_404_whatever_its_preconditions()
    {
        var client = (await GraphClient.SignInAsync(Host)).Http;

        using var get = await client.SendAsync(EntityApi.Request(HttpMethod.Get, Guid.NewGuid(), ifMatch: "*"));
        using var patch = await client.SendAsync(EntityApi.Request(HttpMethod.Patch, Guid.NewGuid(), EntityApi.Json("{}", "application/merge-patch+json"), ifMatch: "\"1\""));

        await get.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await patch.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    private static void Add(HttpRequestMessage request, string header, string? value)
    {
        if (value is not null)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }
    }
}
