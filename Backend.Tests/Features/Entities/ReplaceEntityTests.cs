using System.Net;
using System.Text.Json;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Features.Entities;

public sealed class ReplaceEntityTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task Replace_sets_every_field_bumps_the_version_and_audits_the_changed_fields()
    {
        var (userId, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var type = EntityApi.UniqueType();
        var id = await CreateFullAsync(client, type);
        var name = EntityApi.UniqueName("Renamed");

        using var response = await client.PutAsync(EntityApi.Item(id), EntityApi.Json(new
        {
            name,
            type,
            description = "Described",
            confidence = 0.4,
            source = "https://example.com/original",
            source_type = "document",
            metadata = new { country = "DE" },
        }));

        var data = await response.ShouldBeEnvelopeAsync();
        data.GetProperty("name").GetString().ShouldBe(name);
        data.GetProperty("confidence").GetDouble().ShouldBe(0.4);
        data.GetProperty("source_type").GetString().ShouldBe("document");
        data.GetProperty("version").GetInt32().ShouldBe(2);
        response.Headers.ETag!.Tag.ShouldBe("\"2\"");
        var row = (await EntityApi.RowAsync(Host, id)).ShouldNotBeNull();
        row.Name.ShouldBe(name);
        row.Confidence.ShouldBe(0.4);
        row.Version.ShouldBe(2);
        var update = (await EntityApi.AuditAsync(Host, id)).Where(a => a.Action == "entity.update").ShouldHaveSingleItem();
        update.ActorId.ShouldBe(userId);
        update.Details.GetProperty("changed").EnumerateArray().Select(f => f.GetString()).ShouldBe(["name", "confidence", "source_type"], ignoreOrder: true);
    }

    [Fact]
    public async Task Replace_resets_the_optional_fields_it_leaves_out()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var type = EntityApi.UniqueType();
        var id = await CreateFullAsync(client, type);

        using var response = await client.PutAsync(EntityApi.Item(id), EntityApi.Json(new { name = "Only a name", type }));

        var data = await response.ShouldBeEnvelopeAsync();
        data.GetProperty("description").ValueKind.ShouldBe(JsonValueKind.Null);
        data.GetProperty("source").ValueKind.ShouldBe(JsonValueKind.Null);
        data.GetProperty("confidence").GetDouble().ShouldBe(1.0);
        data.GetProperty("source_type").GetString().ShouldBe("manual");
        data.GetProperty("metadata").GetRawText().ShouldBe("{}");
        var row = (await EntityApi.RowAsync(Host, id)).ShouldNotBeNull();
        row.Description.ShouldBeNull();
        row.Metadata.ShouldBe("{}");
    }

    [Fact]
    public async Task Replace_with_the_current_etag_in_if_match_succeeds()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var type = EntityApi.UniqueType();
        var id = await CreateFullAsync(client, type);

        using var request = EntityApi.Request(HttpMethod.Put, id, EntityApi.Json(new { name = "Matched", type }), "\"1\"");
        using var response = await client.SendAsync(request);

        (await response.ShouldBeEnvelopeAsync()).GetProperty("version").GetInt32().ShouldBe(2);
        (await EntityApi.RowAsync(Host, id))!.Name.ShouldBe("Matched");
    }

    [Fact]
    public async Task Replace_with_a_stale_etag_returns_412_and_leaves_the_row_unchanged()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var type = EntityApi.UniqueType();
        var id = await CreateFullAsync(client, type);
        using (var first = await client.PutAsync(EntityApi.Item(id), EntityApi.Json(new { name = "First writer", type })))
        {
            await first.ShouldBeEnvelopeAsync();
        }

        using var request = EntityApi.Request(HttpMethod.Put, id, EntityApi.Json(new { name = "Second writer", type }), "\"1\"");
        using var response = await client.SendAsync(request);

        await response.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        response.Headers.ETag!.Tag.ShouldBe("\"2\"");
        var row = (await EntityApi.RowAsync(Host, id)).ShouldNotBeNull();
        row.Name.ShouldBe("First writer");
        row.Version.ShouldBe(2);
    }

    [Fact]
    public async Task Replace_of_another_users_entity_returns_403_and_leaves_it_unchanged()
    {
        var (_, ownerToken) = await AuthHelper.RegisterAndLoginAsync(Host);
        var (_, otherToken) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var owner = Host.CreateClient(ownerToken);
        using var other = Host.CreateClient(otherToken);
        var type = EntityApi.UniqueType();
        var id = await CreateFullAsync(owner, type);

        using var response = await other.PutAsync(EntityApi.Item(id), EntityApi.Json(new { name = "Hijacked", type }));

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var row = (await EntityApi.RowAsync(Host, id)).ShouldNotBeNull();
        row.Name.ShouldBe("Original");
        row.Version.ShouldBe(1);
    }

    [Theory]
    [InlineData("moderator")]
    [InlineData("admin")]
    public async Task Replace_of_another_users_entity_is_allowed_for_a(string role)
    {
        var (_, ownerToken) = await AuthHelper.RegisterAndLoginAsync(Host);
        var (staffId, staffToken) = await AuthHelper.RegisterAndLoginAsync(Host, role);
        using var owner = Host.CreateClient(ownerToken);
        using var staff = Host.CreateClient(staffToken);
        var type = EntityApi.UniqueType();
        var id = await CreateFullAsync(owner, type);

        using var response = await staff.PutAsync(EntityApi.Item(id), EntityApi.Json(new { name = "Moderated", type }));

        (await response.ShouldBeEnvelopeAsync()).GetProperty("name").GetString().ShouldBe("Moderated");
        (await EntityApi.AuditAsync(Host, id)).ShouldContain(a => a.Action == "entity.update" && a.ActorId == staffId);
    }

    [Fact]
    public async Task Replace_validates_the_body_naming_the_field()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var type = EntityApi.UniqueType();
        var id = await CreateFullAsync(client, type);

        using var response = await client.PutAsync(EntityApi.Item(id), EntityApi.Json(new { type, confidence = 3 }));

        await response.ShouldNameFieldAsync("name", "required");
        await response.ShouldNameFieldAsync("confidence", "range");
        (await EntityApi.RowAsync(Host, id))!.Version.ShouldBe(1);
    }

    [Fact]
    public async Task Replace_of_an_unknown_id_returns_404()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);

        using var response = await client.PutAsync(EntityApi.Item(Guid.NewGuid()), EntityApi.Json(new { name = "Nobody", type = "person" }));

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Replace_with_an_id_that_is_not_a_uuid_returns_404()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);

        using var response = await client.PutAsync(new Uri("/api/v1/entities/42", UriKind.Relative), EntityApi.Json(new { name = "Nobody", type = "person" }));

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Replace_of_a_deleted_entity_returns_404()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var type = EntityApi.UniqueType();
        var id = await CreateFullAsync(client, type);
        using (var delete = await client.DeleteAsync(EntityApi.Item(id)))
        {
            delete.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        using var response = await client.PutAsync(EntityApi.Item(id), EntityApi.Json(new { name = "Revived", type }));

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await EntityApi.RowAsync(Host, id))!.Name.ShouldBe("Original");
    }

    [Fact]
    public async Task Replace_without_a_token_returns_401()
    {
        using var response = await Host.Client.PutAsync(EntityApi.Item(Guid.NewGuid()), EntityApi.Json(new { name = "Anonymous", type = "person" }));

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    private static async Task<Guid> CreateFullAsync(HttpClient client, string type)
    {
        var data = await EntityApi.CreateAsync(client, new
        {
            name = "Original",
            type,
            description = "Described",
            confidence = 0.8,
            source = "https://example.com/original",
            source_type = "article",
            metadata = new { country = "DE" },
        });
        return data.GetProperty("id").GetGuid();
    }
}
