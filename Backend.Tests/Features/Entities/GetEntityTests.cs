using System.Net;
using System.Net.Http.Headers;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Features.Entities;

public sealed class GetEntityTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task Get_returns_the_entity_with_a_strong_etag()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var created = await EntityApi.CreateAsync(client, new { name = EntityApi.UniqueName(), type = "person", metadata = new { born = 1815 } });
        var id = created.GetProperty("id").GetGuid();

        using var response = await client.GetAsync(EntityApi.Item(id));

        var data = await response.ShouldBeEnvelopeAsync();
        data.GetProperty("id").GetGuid().ShouldBe(id);
        data.GetProperty("name").GetString().ShouldBe(created.GetProperty("name").GetString());
        data.GetProperty("metadata").GetProperty("born").GetInt32().ShouldBe(1815);
        response.Headers.ETag.ShouldBe(new EntityTagHeaderValue("\"1\"", isWeak: false));
        response.Headers.CacheControl!.NoCache.ShouldBeTrue();
    }

    [Fact]
    public async Task Get_of_another_users_entity_is_allowed()
    {
        var (_, ownerToken) = await AuthHelper.RegisterAndLoginAsync(Host);
        var (_, otherToken) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var owner = Host.CreateClient(ownerToken);
        using var other = Host.CreateClient(otherToken);
        var id = (await EntityApi.CreateAsync(owner)).GetProperty("id").GetGuid();

        var data = await EntityApi.GetAsync(other, id);

        data.GetProperty("id").GetGuid().ShouldBe(id);
    }

    [Fact]
    public async Task Get_with_the_current_etag_in_if_none_match_returns_304_without_a_body()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var id = (await EntityApi.CreateAsync(client)).GetProperty("id").GetGuid();
        using var request = new HttpRequestMessage(HttpMethod.Get, EntityApi.Item(id));
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"1\""));

        using var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        (await response.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
        response.Headers.ETag!.Tag.ShouldBe("\"1\"");
    }

    [Fact]
    public async Task Get_with_a_stale_etag_in_if_none_match_returns_the_changed_entity()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var id = (await EntityApi.CreateAsync(client)).GetProperty("id").GetGuid();
        using (var patch = await client.PatchAsync(EntityApi.Item(id), EntityApi.Json("{\"confidence\": 0.5}")))
        {
            await patch.ShouldBeEnvelopeAsync();
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, EntityApi.Item(id));
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"1\""));
        using var response = await client.SendAsync(request);

        var data = await response.ShouldBeEnvelopeAsync();
        data.GetProperty("version").GetInt32().ShouldBe(2);
        data.GetProperty("confidence").GetDouble().ShouldBe(0.5);
        response.Headers.ETag!.Tag.ShouldBe("\"2\"");
    }

    [Fact]
    public async Task Get_without_a_token_returns_401()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var id = (await EntityApi.CreateAsync(client)).GetProperty("id").GetGuid();

        using var response = await Host.Client.GetAsync(EntityApi.Item(id));

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Get_of_an_unknown_id_returns_404()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);

        using var response = await client.GetAsync(EntityApi.Item(Guid.NewGuid()));

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Get_with_an_id_that_is_not_a_uuid_returns_404()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);

        using var response = await client.GetAsync(new Uri("/api/v1/entities/not-a-uuid", UriKind.Relative));

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Get_of_a_deleted_entity_is_404_for_a_user_but_visible_to_a_moderator()
    {
        var (userId, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        var (_, moderatorToken) = await AuthHelper.RegisterAndLoginAsync(Host, "moderator");
        using var client = Host.CreateClient(token);
        using var moderator = Host.CreateClient(moderatorToken);
        var id = (await EntityApi.CreateAsync(client)).GetProperty("id").GetGuid();
        using (var delete = await client.DeleteAsync(EntityApi.Item(id)))
        {
            delete.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        using var asUser = await client.GetAsync(EntityApi.Item(id));
        var asModerator = await EntityApi.GetAsync(moderator, id);

        await asUser.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        asModerator.GetProperty("is_active").GetBoolean().ShouldBeFalse();
        asModerator.GetProperty("deleted_by").GetGuid().ShouldBe(userId);
        asModerator.GetProperty("deleted_at").GetString().ShouldEndWith("Z");
    }
}
