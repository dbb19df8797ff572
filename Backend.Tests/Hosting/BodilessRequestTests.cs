using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Backend.Api.Http.Security;
using Backend.Tests.Features.Entities;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Hosting;

/// <summary>
/// A request without content has no body, whatever its Content-Type says (issue: axios and many SDKs send
/// <c>Content-Type: application/json</c> on every request): every operation answers it as it answers the same request
/// without the header, and an optional body (logout, cookie refresh) may be left out.
/// </summary>
public sealed class BodilessRequestTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    public static TheoryData<string?> ContentTypes => new() { "application/json", "application/json; charset=utf-8", "text/plain", null };

    [Theory]
    [MemberData(nameof(ContentTypes))]
    public async Task A_list_without_content_answers_200_whatever_its_content_type(string? contentType)
    {
        var client = (await GraphClient.SignInAsync(Host)).Http;
        var type = EntityApi.UniqueType();
        await EntityApi.CreateAsync(client, type);

        using var response = await client.SendAsync(Empty(HttpMethod.Get, $"/api/v1/entities?limit=1&type={type}", contentType));

        (await response.ShouldBeEnvelopeAsync()).GetArrayLength().ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(ContentTypes))]
    public async Task Every_GET_of_the_graph_answers_200_without_content(string? contentType)
    {
        var graph = await GraphClient.SignInAsync(Host);
        var a = await graph.CreateEntityAsync();
        var b = await graph.CreateEntityAsync();
        var relationship = await graph.LinkAsync(a, b);

        foreach (var path in new[]
        {
            $"/api/v1/entities/{a}", $"/api/v1/entities/{a}/relationships", $"/api/v1/entities/{a}/neighbors", $"/api/v1/relationships/{relationship}",
            $"/api/v1/relationships?source_entity_id={a}", $"/api/v1/graph/path?from={a}&to={b}", "/api/v1/graph/stats", "/api/v1/auth/me", "/api/v1/info",
        })
        {
            using var response = await graph.Http.SendAsync(Empty(HttpMethod.Get, path, contentType));
            response.StatusCode.ShouldBe(HttpStatusCode.OK, $"GET {path}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Theory]
    [MemberData(nameof(ContentTypes))]
    public async Task Delete_and_restore_without_content_succeed_whatever_the_content_type(string? contentType)
    {
        var graph = await GraphClient.SignInAsync(Host);
        var a = await graph.CreateEntityAsync();
        var b = await graph.CreateEntityAsync();
        var relationship = await graph.LinkAsync(a, b);
        var moderator = (await GraphClient.SignInAsync(Host, "moderator")).Http;

        using var deleteRelationship = await graph.Http.SendAsync(Empty(HttpMethod.Delete, $"/api/v1/relationships/{relationship}", contentType));
        using var deleteEntity = await graph.Http.SendAsync(Empty(HttpMethod.Delete, $"/api/v1/entities/{a}", contentType));
        using var restore = await moderator.SendAsync(Empty(HttpMethod.Post, $"/api/v1/entities/{a}/restore", contentType));

        deleteRelationship.StatusCode.ShouldBe(HttpStatusCode.NoContent, await deleteRelationship.Content.ReadAsStringAsync());
        deleteEntity.StatusCode.ShouldBe(HttpStatusCode.NoContent, await deleteEntity.Content.ReadAsStringAsync());
        (await restore.ShouldBeEnvelopeAsync()).GetProperty("is_active").GetBoolean().ShouldBeTrue();
        (await EntityApi.RowAsync(Host, a))!.IsActive.ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(ContentTypes))]
    public async Task Logout_with_a_bearer_token_and_no_body_answers_204(string? contentType)
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);

        using var logout = await client.SendAsync(Empty(HttpMethod.Post, "/api/v1/auth/logout", contentType));

        logout.StatusCode.ShouldBe(HttpStatusCode.NoContent, await logout.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData(null)]
    public async Task Refresh_and_logout_in_cookie_mode_need_no_body(string? contentType)
    {
        var email = AuthHelper.NewEmail();
        await AuthHelper.RegisterAsync(Host, email);
        using var login = await Host.Client.PostAsJsonAsync(new Uri("/api/v1/auth/login", UriKind.Relative), new { email, password = AuthHelper.Password, use_cookies = true });
        login.StatusCode.ShouldBe(HttpStatusCode.OK, await login.Content.ReadAsStringAsync());
        var cookies = Cookies(login);

        using var refresh = await Host.Client.SendAsync(WithCookies(Empty(HttpMethod.Post, "/api/v1/auth/refresh", contentType), cookies));
        refresh.StatusCode.ShouldBe(HttpStatusCode.OK, await refresh.Content.ReadAsStringAsync());
        var rotated = new Dictionary<string, string>(cookies);
        foreach (var (name, value) in Cookies(refresh))
        {
            rotated[name] = value;
        }

        rotated[AuthCookies.Refresh].ShouldNotBe(cookies[AuthCookies.Refresh]);

        using var logout = await Host.Client.SendAsync(WithCookies(Empty(HttpMethod.Post, "/api/v1/auth/logout", contentType), rotated));
        logout.StatusCode.ShouldBe(HttpStatusCode.NoContent, await logout.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData(null)]
    public async Task A_create_without_content_names_the_required_fields(string? contentType)
    {
        var client = (await GraphClient.SignInAsync(Host)).Http;

        using var response = await client.SendAsync(Empty(HttpMethod.Post, "/api/v1/entities", contentType));

        await response.ShouldNameFieldAsync("name", "required");
    }

    [Fact]
    public async Task A_patch_without_content_is_400_asking_for_a_merge_patch()
    {
        var client = (await GraphClient.SignInAsync(Host)).Http;
        var id = (await EntityApi.CreateAsync(client)).GetProperty("id").GetGuid();

        using var response = await client.SendAsync(Empty(HttpMethod.Patch, $"/api/v1/entities/{id}", "application/merge-patch+json"));

        await response.ShouldNameFieldAsync("body", "required");
        (await EntityApi.RowAsync(Host, id))!.Version.ShouldBe(1);
    }

    /// <summary>A request with no content: Content-Length 0 and, when given, the Content-Type header.</summary>
    private static HttpRequestMessage Empty(HttpMethod method, string path, string? contentType)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (contentType is not null)
        {
            request.Content = new ByteArrayContent([]);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return request;
    }

    private static HttpRequestMessage WithCookies(HttpRequestMessage request, Dictionary<string, string> cookies)
    {
        request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
        request.Headers.Add("X-CSRF-Token", cookies[AuthCookies.Csrf]);
        return request;
    }

    private static Dictionary<string, string> Cookies(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0].Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
}
