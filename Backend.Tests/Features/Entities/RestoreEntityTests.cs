using System.Net;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Features.Entities;

public sealed class RestoreEntityTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Theory]
    [InlineData("moderator")]
    [InlineData("admin")]
    public async Task Restore_by_a_moderator_or_admin_brings_the_entity_back_and_audits_it(string role)
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        var (staffId, staffToken) = await AuthHelper.RegisterAndLoginAsync(Host, role);
        using var client = Host.CreateClient(token);
        using var staff = Host.CreateClient(staffToken);
        var type = EntityApi.UniqueType();
        var id = await CreateDeletedAsync(client, type);

        using var response = await staff.PostAsync(EntityApi.Restore(id), null);

        var data = await response.ShouldBeEnvelopeAsync();
        data.GetProperty("is_active").GetBoolean().ShouldBeTrue();
        data.GetProperty("version").GetInt32().ShouldBe(3);
        response.Headers.ETag!.Tag.ShouldBe("\"3\"");
        var row = (await EntityApi.RowAsync(Host, id))!;
        row.IsActive.ShouldBeTrue();
        row.DeletedAt.ShouldBeNull();
        row.DeletedBy.ShouldBeNull();
        (await EntityApi.AuditAsync(Host, id)).Where(a => a.Action == "entity.restore").ShouldHaveSingleItem().ActorId.ShouldBe(staffId);
        (await EntityApi.GetAsync(client, id)).GetProperty("id").GetGuid().ShouldBe(id);
        (await EntityApi.ListAsync(client, $"type={type}")).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Restore_by_a_user_returns_403_and_the_entity_stays_deleted()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var id = await CreateDeletedAsync(client, EntityApi.UniqueType());

        using var response = await client.PostAsync(EntityApi.Restore(id), null);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await EntityApi.RowAsync(Host, id))!.IsActive.ShouldBeFalse();
    }

    [Fact]
    public async Task Restore_of_an_active_entity_returns_it_unchanged()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        var (_, moderatorToken) = await AuthHelper.RegisterAndLoginAsync(Host, "moderator");
        using var client = Host.CreateClient(token);
        using var moderator = Host.CreateClient(moderatorToken);
        var id = (await EntityApi.CreateAsync(client)).GetProperty("id").GetGuid();

        using var response = await moderator.PostAsync(EntityApi.Restore(id), null);

        (await response.ShouldBeEnvelopeAsync()).GetProperty("version").GetInt32().ShouldBe(1);
        (await EntityApi.RowAsync(Host, id))!.Version.ShouldBe(1);
        (await EntityApi.AuditAsync(Host, id)).ShouldNotContain(a => a.Action == "entity.restore");
    }

    [Fact]
    public async Task Restore_of_an_unknown_id_returns_404()
    {
        var (_, moderatorToken) = await AuthHelper.RegisterAndLoginAsync(Host, "moderator");
        using var moderator = Host.CreateClient(moderatorToken);

        using var response = await moderator.PostAsync(EntityApi.Restore(Guid.NewGuid()), null);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Restore_without_a_token_returns_401()
    {
        using var response = await Host.Client.PostAsync(EntityApi.Restore(Guid.NewGuid()), null);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    private static async Task<Guid> CreateDeletedAsync(HttpClient client, string type)
    {
        var id = (await EntityApi.CreateAsync(client, type)).GetProperty("id").GetGuid();
        using var response = await client.DeleteAsync(EntityApi.Item(id));
        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        return id;
    }
}
