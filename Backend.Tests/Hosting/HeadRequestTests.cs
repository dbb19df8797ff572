using System.Net;
using Backend.Tests.Features.Entities;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Hosting;

/// <summary>RFC 9110 §9.3.2: every GET route answers HEAD with the GET's status and headers and no body; Allow lists HEAD.</summary>
public sealed class HeadRequestTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task Head_on_health_answers_200_without_a_body()
    {
        using var get = await Host.Client.GetAsync(new Uri("/health", UriKind.Relative));
        using var head = await Host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri("/health", UriKind.Relative)));

        head.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await head.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
        head.Content.Headers.ContentType?.MediaType.ShouldBe(get.Content.Headers.ContentType?.MediaType);
        head.Headers.Contains("X-Request-ID").ShouldBeTrue();
    }

    [Fact]
    public async Task Head_on_every_graph_GET_answers_as_the_GET_without_a_body()
    {
        var graph = await GraphClient.SignInAsync(Host);
        var a = await graph.CreateEntityAsync();
        var b = await graph.CreateEntityAsync();
        var relationship = await graph.LinkAsync(a, b);

        foreach (var path in new[]
        {
            $"/api/v1/entities/{a}", "/api/v1/entities?limit=1", $"/api/v1/entities/{a}/relationships", $"/api/v1/entities/{a}/neighbors",
            $"/api/v1/relationships/{relationship}", "/api/v1/relationships?limit=1", $"/api/v1/graph/path?from={a}&to={b}", "/api/v1/graph/stats",
            "/api/v1/auth/me", "/api/v1/info", "/health/ready", "/metrics", "/api/v1/openapi.json",
        })
        {
            using var get = await graph.Http.GetAsync(new Uri(path, UriKind.Relative));
            using var head = await graph.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri(path, UriKind.Relative)));

            head.StatusCode.ShouldBe(get.StatusCode, $"HEAD {path}");
            (await head.Content.ReadAsByteArrayAsync()).ShouldBeEmpty($"HEAD {path}");
            head.Content.Headers.ContentType?.MediaType.ShouldBe(get.Content.Headers.ContentType?.MediaType, $"HEAD {path}");
            head.Headers.ETag?.Tag.ShouldBe(get.Headers.ETag?.Tag, $"HEAD {path}");
        }
    }

    [Fact]
    public async Task Head_honours_if_none_match_with_304()
    {
        var client = (await GraphClient.SignInAsync(Host)).Http;
        var id = (await EntityApi.CreateAsync(client)).GetProperty("id").GetGuid();
        var request = new HttpRequestMessage(HttpMethod.Head, EntityApi.Item(id));
        request.Headers.TryAddWithoutValidation("If-None-Match", "\"1\"");

        using var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        response.Headers.ETag!.Tag.ShouldBe("\"1\"");
    }

    [Fact]
    public async Task A_405_on_a_GET_route_lists_HEAD_in_Allow()
    {
        using var response = await Host.Client.DeleteAsync(new Uri("/health", UriKind.Relative));

        await response.ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed);
        var allowed = response.Content.Headers.Allow.Concat(response.Headers.TryGetValues("Allow", out var values) ? values : []).SelectMany(v => v.Split(',')).Select(v => v.Trim()).ToList();
        allowed.ShouldContain("GET");
        allowed.ShouldContain("HEAD");
    }

    [Fact]
    public async Task Head_on_a_route_without_GET_is_405_without_HEAD_in_Allow()
    {
        using var response = await Host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri("/api/v1/auth/token", UriKind.Relative)));

        response.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.ShouldNotContain("HEAD");
        response.Content.Headers.Allow.ShouldContain("POST");
    }
}
