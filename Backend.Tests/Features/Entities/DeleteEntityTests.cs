using System.Net;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Features.Entities;

public sealed class DeleteEntityTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task Delete_returns_204_marks_the_row_deleted_and_audits_it()
    {
        var (userId, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var id = (await EntityApi.CreateAsync(client)).GetProperty("id").GetGuid();

        using var response = await client.DeleteAsync(EntityApi.Item(id));

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var row = (await EntityApi.RowAsync(Host, id)).ShouldNotBeNull();
        row.IsActive.ShouldBeFalse();
        row.DeletedAt.ShouldNotBeNull();
        row.DeletedBy.ShouldBe(userId);
        row.Version.ShouldBe(2);
        var delete = (await EntityApi.AuditAsync(Host, id)).Where(a => a.Action == "entity.delete").ShouldHaveSingleItem();
        delete.ActorId.ShouldBe(userId);
    }

    [Fact]
    public async Task Delete_again_returns_204_and_changes_nothing()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var id = (await EntityApi.CreateAsync(client)).GetProperty("id").GetGuid();
        using (var first = await client.DeleteAsync(EntityApi.Item(id)))
        {
            first.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        using var response = await client.DeleteAsync(EntityApi.Item(id));

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await EntityApi.RowAsync(Host, id))!.Version.ShouldBe(2);
        (await EntityApi.AuditAsync(Host, id)).Count(a => a.Action == "entity.delete").ShouldBe(1);
    }

    [Fact]
    public async Task Delete_hides_the_entity_from_get_and_from_the_listing()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var type = EntityApi.UniqueType();
        var id = (await EntityApi.CreateAsync(client, type)).GetProperty("id").GetGuid();

        using (var response = await client.DeleteAsync(EntityApi.Item(id)))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        using var get = await client.GetAsync(EntityApi.Item(id));
        await get.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await EntityApi.ListAsync(client, $"type={type}")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Delete_of_an_unknown_id_returns_404()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);

        using var response = await client.DeleteAsync(EntityApi.Item(Guid.NewGuid()));

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_with_an_id_that_is_not_a_uuid_returns_404()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);

        using var response = await client.DeleteAsync(new Uri("/api/v1/entities/not-a-uuid", UriKind.Relative));

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_of_another_users_entity_returns_403_and_keeps_it()
    {
        var (_, ownerToken) = await AuthHelper.RegisterAndLoginAsync(Host);
        var (_, otherToken) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var owner = Host.CreateClient(ownerToken);
        using var other = Host.CreateClient(otherToken);
        var id = (await EntityApi.CreateAsync(owner)).GetProperty("id").GetGuid();

        using var response = await other.DeleteAsync(EntityApi.Item(id));

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var row = (await EntityApi.RowAsync(Host, id))!;
        row.IsActive.ShouldBeTrue();
        row.Version.ShouldBe(1);
    }

    [Fact]
    public async Task Delete_of_another_users_entity_is_allowed_for_a_moderator()
    {
        var (_, ownerToken) = await AuthHelper.RegisterAndLoginAsync(Host);
        var (moderatorId, moderatorToken) = await AuthHelper.RegisterAndLoginAsync(Host, "moderator");
        using var owner = Host.CreateClient(ownerToken);
        using var moderator = Host.CreateClient(moderatorToken);
        var id = (await EntityApi.CreateAsync(owner)).GetProperty("id").GetGuid();

        using var response = await moderator.DeleteAsync(EntityApi.Item(id));

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var row = (await EntityApi.RowAsync(Host, id))!;
        row.IsActive.ShouldBeFalse();
        row.DeletedBy.ShouldBe(moderatorId);
    }

    [Fact]
    public async Task Delete_with_a_stale_etag_returns_412_and_keeps_the_entity()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var id = (await EntityApi.CreateAsync(client)).GetProperty("id").GetGuid();
        using (var patch = await client.PatchAsync(EntityApi.Item(id), EntityApi.Json("{\"confidence\": 0.5}")))
        {
            await patch.ShouldBeEnvelopeAsync();
        }

        using var request = EntityApi.Request(HttpMethod.Delete, id, ifMatch: "\"1\"");
        using var response = await client.SendAsync(request);

        await response.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        var row = (await EntityApi.RowAsync(Host, id))!;
        row.IsActive.ShouldBeTrue();
        row.Version.ShouldBe(2);
    }

    [Fact]
    public async Task Delete_with_the_current_etag_deletes_and_increments_the_version()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var id = (await EntityApi.CreateAsync(client)).GetProperty("id").GetGuid();

        using var request = EntityApi.Request(HttpMethod.Delete, id, ifMatch: "\"1\"");
        using var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var row = (await EntityApi.RowAsync(Host, id))!;
        row.IsActive.ShouldBeFalse();
        row.Version.ShouldBe(2);
    }

    [Fact]
    public async Task Delete_without_a_token_returns_401()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var id = (await EntityApi.CreateAsync(client)).GetProperty("id").GetGuid();

        using var response = await Host.Client.DeleteAsync(EntityApi.Item(id));

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        (await EntityApi.RowAsync(Host, id))!.IsActive.ShouldBeTrue();
    }
}
