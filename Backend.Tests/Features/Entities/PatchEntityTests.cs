using System.Net;
using System.Text.Json;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Features.Entities;

public sealed class PatchEntityTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private const string MergePatch = "application/merge-patch+json";

    private TestHost Host => fixture.Host;

    [Fact]
    public async Task Patch_changes_only_the_given_fields_and_audits_them()
    {
        var (userId, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var id = await CreateFullAsync(client);

        using var response = await client.PatchAsync(EntityApi.Item(id), EntityApi.Json("{\"confidence\": 0.3, \"source_type\": \"api\"}", MergePatch));

        var data = await response.ShouldBeEnvelopeAsync();
        data.GetProperty("confidence").GetDouble().ShouldBe(0.3);
        data.GetProperty("source_type").GetString().ShouldBe("api");
        data.GetProperty("name").GetString().ShouldBe("Original");
        data.GetProperty("description").GetString().ShouldBe("Described");
        data.GetProperty("source").GetString().ShouldBe("https://example.com/original");
        data.GetProperty("metadata").GetProperty("country").GetString().ShouldBe("DE");
        data.GetProperty("version").GetInt32().ShouldBe(2);
        response.Headers.ETag!.Tag.ShouldBe("\"2\"");
        var row = (await EntityApi.RowAsync(Host, id)).ShouldNotBeNull();
        row.Confidence.ShouldBe(0.3);
        row.Description.ShouldBe("Described");
        var update = (await EntityApi.AuditAsync(Host, id)).Where(a => a.Action == "entity.update").ShouldHaveSingleItem();
        update.ActorId.ShouldBe(userId);
        update.Details.GetProperty("changed").EnumerateArray().Select(f => f.GetString()).ShouldBe(["confidence", "source_type"], ignoreOrder: true);
    }

    [Fact]
    public async Task Patch_is_accepted_as_plain_application_json()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var id = await CreateFullAsync(client);

        using var response = await client.PatchAsync(EntityApi.Item(id), EntityApi.Json("{\"name\": \"Renamed\"}"));

        (await response.ShouldBeEnvelopeAsync()).GetProperty("name").GetString().ShouldBe("Renamed");
    }

    [Fact]
    public async Task Patch_with_null_description_clears_it()
    {
        var data = await PatchNewEntityAsync("{\"description\": null}");

        data.GetProperty("description").ValueKind.ShouldBe(JsonValueKind.Null);
        (await EntityApi.RowAsync(Host, data.GetProperty("id").GetGuid()))!.Description.ShouldBeNull();
    }

    [Fact]
    public async Task Patch_with_null_confidence_resets_it_to_the_default_of_1()
    {
        var data = await PatchNewEntityAsync("{\"confidence\": null}");

        data.GetProperty("confidence").GetDouble().ShouldBe(1.0);
        (await EntityApi.RowAsync(Host, data.GetProperty("id").GetGuid()))!.Confidence.ShouldBe(1.0);
    }

    [Fact]
    public async Task Patch_with_null_source_type_resets_it_to_manual()
    {
        var data = await PatchNewEntityAsync("{\"source_type\": null}");

        data.GetProperty("source_type").GetString().ShouldBe("manual");
    }

    [Fact]
    public async Task Patch_with_a_null_metadata_key_removes_that_key_and_nested_objects_merge()
    {
        var data = await PatchNewEntityAsync("{\"metadata\": {\"country\": null, \"address\": {\"zip\": \"10115\"}, \"employees\": 40}}");

        var metadata = data.GetProperty("metadata");
        metadata.TryGetProperty("country", out _).ShouldBeFalse();
        metadata.GetProperty("employees").GetInt32().ShouldBe(40);
        metadata.GetProperty("address").GetProperty("city").GetString().ShouldBe("Berlin");
        metadata.GetProperty("address").GetProperty("zip").GetString().ShouldBe("10115");
        var stored = JsonDocument.Parse((await EntityApi.RowAsync(Host, data.GetProperty("id").GetGuid()))!.Metadata).RootElement;
        stored.TryGetProperty("country", out _).ShouldBeFalse();
        stored.GetProperty("address").GetProperty("city").GetString().ShouldBe("Berlin");
    }

    [Fact]
    public async Task Patch_with_null_metadata_clears_it_to_an_empty_object()
    {
        var data = await PatchNewEntityAsync("{\"metadata\": null}");

        data.GetProperty("metadata").GetRawText().ShouldBe("{}");
        (await EntityApi.RowAsync(Host, data.GetProperty("id").GetGuid()))!.Metadata.ShouldBe("{}");
    }

    [Fact]
    public async Task Patch_with_null_name_is_400_because_the_name_is_required()
    {
        var (id, response) = await PatchNewEntityRawAsync("{\"name\": null}");

        await response.ShouldNameFieldAsync("name", "required");
        (await EntityApi.RowAsync(Host, id))!.Version.ShouldBe(1);
        response.Dispose();
    }

    [Fact]
    public async Task Patch_validates_the_merged_entity_naming_the_field()
    {
        var (id, response) = await PatchNewEntityRawAsync("{\"confidence\": 1.5}");

        await response.ShouldNameFieldAsync("confidence", "range");
        (await EntityApi.RowAsync(Host, id))!.Confidence.ShouldBe(0.8);
        response.Dispose();
    }

    [Fact]
    public async Task Patch_validates_merged_metadata_limits()
    {
        // address is level 2 of the stored metadata, so d's value is level 6.
        var deep = "{\"metadata\": {\"address\": {\"a\": {\"b\": {\"c\": {\"d\": {\"e\": 1}}}}}}}";

        var (id, response) = await PatchNewEntityRawAsync(deep);

        await response.ShouldNameFieldAsync("metadata", "max_depth");
        (await EntityApi.RowAsync(Host, id))!.Version.ShouldBe(1);
        response.Dispose();
    }

    [Fact]
    public async Task Patch_of_a_read_only_field_is_400()
    {
        var (id, response) = await PatchNewEntityRawAsync("{\"version\": 7, \"name\": \"Sneaky\"}");

        await response.ShouldNameFieldAsync("version", "read_only");
        (await EntityApi.RowAsync(Host, id))!.Name.ShouldBe("Original");
        response.Dispose();
    }

    [Fact]
    public async Task Patch_of_an_unknown_field_is_400()
    {
        var (id, response) = await PatchNewEntityRawAsync("{\"colour\": \"blue\"}");

        await response.ShouldNameFieldAsync("colour", "unknown_field");
        (await EntityApi.RowAsync(Host, id))!.Version.ShouldBe(1);
        response.Dispose();
    }

    [Fact]
    public async Task Patch_with_a_value_of_the_wrong_json_type_is_400_naming_the_field()
    {
        var (id, response) = await PatchNewEntityRawAsync("{\"confidence\": \"high\"}");

        await response.ShouldNameFieldAsync("confidence", "type");
        (await EntityApi.RowAsync(Host, id))!.Version.ShouldBe(1);
        response.Dispose();
    }

    [Fact]
    public async Task Patch_with_malformed_json_is_400_naming_the_body()
    {
        var (_, response) = await PatchNewEntityRawAsync("{\"name\": ");

        await response.ShouldNameFieldAsync("body", "json");
        response.Dispose();
    }

    [Fact]
    public async Task Patch_with_a_body_that_is_not_an_object_is_400()
    {
        var (_, response) = await PatchNewEntityRawAsync("[{\"name\": \"x\"}]");

        await response.ShouldNameFieldAsync("body", "json");
        response.Dispose();
    }

    [Fact]
    public async Task Patch_with_another_content_type_returns_415()
    {
        var (id, response) = await PatchNewEntityRawAsync("name=Renamed", "text/plain");

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
        (await EntityApi.RowAsync(Host, id))!.Name.ShouldBe("Original");
        response.Dispose();
    }

    [Fact]
    public async Task Patch_with_the_current_etag_in_if_match_increments_the_version()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var id = await CreateFullAsync(client);

        using var request = EntityApi.Request(HttpMethod.Patch, id, EntityApi.Json("{\"name\": \"Matched\"}", MergePatch), "\"1\"");
        using var response = await client.SendAsync(request);

        (await response.ShouldBeEnvelopeAsync()).GetProperty("version").GetInt32().ShouldBe(2);
        var row = (await EntityApi.RowAsync(Host, id))!;
        row.Name.ShouldBe("Matched");
        row.Version.ShouldBe(2);
    }

    [Fact]
    public async Task Patch_with_a_stale_etag_returns_412_and_leaves_the_row_unchanged()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var id = await CreateFullAsync(client);
        using (var first = await client.PatchAsync(EntityApi.Item(id), EntityApi.Json("{\"name\": \"First writer\"}", MergePatch)))
        {
            await first.ShouldBeEnvelopeAsync();
        }

        using var request = EntityApi.Request(HttpMethod.Patch, id, EntityApi.Json("{\"name\": \"Second writer\"}", MergePatch), "\"1\"");
        using var response = await client.SendAsync(request);

        await response.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        var row = (await EntityApi.RowAsync(Host, id))!;
        row.Name.ShouldBe("First writer");
        row.Version.ShouldBe(2);
    }

    [Fact]
    public async Task Patch_with_a_weak_etag_in_if_match_returns_412()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var id = await CreateFullAsync(client);

        using var request = EntityApi.Request(HttpMethod.Patch, id, EntityApi.Json("{\"name\": \"Weak\"}", MergePatch), "W/\"1\"");
        using var response = await client.SendAsync(request);

        await response.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        (await EntityApi.RowAsync(Host, id))!.Version.ShouldBe(1);
    }

    [Fact]
    public async Task Patch_of_another_users_entity_returns_403_and_leaves_it_unchanged()
    {
        var (_, ownerToken) = await AuthHelper.RegisterAndLoginAsync(Host);
        var (_, otherToken) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var owner = Host.CreateClient(ownerToken);
        using var other = Host.CreateClient(otherToken);
        var id = await CreateFullAsync(owner);

        using var response = await other.PatchAsync(EntityApi.Item(id), EntityApi.Json("{\"name\": \"Hijacked\"}", MergePatch));

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await EntityApi.RowAsync(Host, id))!.Name.ShouldBe("Original");
    }

    [Fact]
    public async Task Patch_of_another_users_entity_is_allowed_for_a_moderator()
    {
        var (_, ownerToken) = await AuthHelper.RegisterAndLoginAsync(Host);
        var (_, moderatorToken) = await AuthHelper.RegisterAndLoginAsync(Host, "moderator");
        using var owner = Host.CreateClient(ownerToken);
        using var moderator = Host.CreateClient(moderatorToken);
        var id = await CreateFullAsync(owner);

        using var response = await moderator.PatchAsync(EntityApi.Item(id), EntityApi.Json("{\"name\": \"Moderated\"}", MergePatch));

        (await response.ShouldBeEnvelopeAsync()).GetProperty("name").GetString().ShouldBe("Moderated");
        (await EntityApi.RowAsync(Host, id))!.Name.ShouldBe("Moderated");
    }

    [Fact]
    public async Task Patch_of_an_unknown_id_returns_404()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);

        using var response = await client.PatchAsync(EntityApi.Item(Guid.NewGuid()), EntityApi.Json("{\"name\": \"Nobody\"}", MergePatch));

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Patch_with_an_id_that_is_not_a_uuid_returns_404()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);

        using var response = await client.PatchAsync(new Uri("/api/v1/entities/abc", UriKind.Relative), EntityApi.Json("{\"name\": \"Nobody\"}", MergePatch));

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Patch_without_a_token_returns_401()
    {
        using var response = await Host.Client.PatchAsync(EntityApi.Item(Guid.NewGuid()), EntityApi.Json("{\"name\": \"Anonymous\"}", MergePatch));

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    private static async Task<Guid> CreateFullAsync(HttpClient client)
    {
        var data = await EntityApi.CreateAsync(client, new
        {
            name = "Original",
            type = EntityApi.UniqueType(),
            description = "Described",
            confidence = 0.8,
            source = "https://example.com/original",
            source_type = "article",
            metadata = new { country = "DE", address = new { city = "Berlin" } },
        });
        return data.GetProperty("id").GetGuid();
    }

    private async Task<(Guid Id, HttpResponseMessage Response)> PatchNewEntityRawAsync(string patch, string mediaType = MergePatch)
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var id = await CreateFullAsync(client);
        var response = await client.PatchAsync(EntityApi.Item(id), EntityApi.Json(patch, mediaType));
        await response.Content.LoadIntoBufferAsync();
        return (id, response);
    }

    private async Task<JsonElement> PatchNewEntityAsync(string patch)
    {
        var (_, response) = await PatchNewEntityRawAsync(patch);
        using (response)
        {
            return await response.ShouldBeEnvelopeAsync();
        }
    }
}
