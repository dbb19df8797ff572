using System.Net;
using System.Text;
using System.Text.Json;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Features.Entities;

public sealed class CreateEntityTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task Create_returns_201_with_location_etag_and_the_entity_and_audits_it()
    {
        var (userId, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var name = EntityApi.UniqueName("Acme Robotics");
        var type = EntityApi.UniqueType();

        using var response = await client.PostAsync(EntityApi.Collection, EntityApi.Json(new
        {
            name = "  " + name + " ",
            type,
            description = "Builds warehouse robots",
            confidence = 0.92,
            source = "https://example.com/acme",
            source_type = "article",
            metadata = new { country = "DE", founded = 2019, tags = new[] { "robotics" } },
        }));

        var data = await response.ShouldBeEnvelopeAsync(HttpStatusCode.Created);
        var id = data.GetProperty("id").GetGuid();
        response.Headers.Location!.OriginalString.ShouldBe($"/api/v1/entities/{id}");
        response.Headers.ETag!.IsWeak.ShouldBeFalse();
        response.Headers.ETag.Tag.ShouldBe("\"1\"");
        data.GetProperty("name").GetString().ShouldBe(name);
        data.GetProperty("type").GetString().ShouldBe(type);
        data.GetProperty("description").GetString().ShouldBe("Builds warehouse robots");
        data.GetProperty("confidence").GetDouble().ShouldBe(0.92);
        data.GetProperty("source").GetString().ShouldBe("https://example.com/acme");
        data.GetProperty("source_type").GetString().ShouldBe("article");
        data.GetProperty("metadata").GetProperty("country").GetString().ShouldBe("DE");
        data.GetProperty("version").GetInt32().ShouldBe(1);
        data.GetProperty("is_active").GetBoolean().ShouldBeTrue();
        data.GetProperty("created_by").GetGuid().ShouldBe(userId);
        data.GetProperty("created_at").GetString().ShouldEndWith("Z");
        data.GetProperty("deleted_at").ValueKind.ShouldBe(JsonValueKind.Null);

        var row = (await EntityApi.RowAsync(Host, id)).ShouldNotBeNull();
        row.Name.ShouldBe(name);
        row.CreatedBy.ShouldBe(userId);
        row.Version.ShouldBe(1);
        JsonDocument.Parse(row.Metadata).RootElement.GetProperty("founded").GetInt32().ShouldBe(2019);
        var audit = (await EntityApi.AuditAsync(Host, id)).ShouldHaveSingleItem();
        audit.Action.ShouldBe("entity.create");
        audit.TargetType.ShouldBe("entity");
        audit.ActorId.ShouldBe(userId);
    }

    [Fact]
    public async Task Create_applies_the_defaults_for_left_out_optional_fields()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);

        var data = await EntityApi.CreateAsync(client);

        data.GetProperty("description").ValueKind.ShouldBe(JsonValueKind.Null);
        data.GetProperty("source").ValueKind.ShouldBe(JsonValueKind.Null);
        data.GetProperty("confidence").GetDouble().ShouldBe(1.0);
        data.GetProperty("source_type").GetString().ShouldBe("manual");
        data.GetProperty("metadata").GetRawText().ShouldBe("{}");
        var row = (await EntityApi.RowAsync(Host, data.GetProperty("id").GetGuid())).ShouldNotBeNull();
        row.SourceType.ShouldBe("manual");
        row.Metadata.ShouldBe("{}");
    }

    [Fact]
    public async Task Create_without_a_token_returns_401()
    {
        var name = EntityApi.UniqueName();

        using var response = await Host.Client.PostAsync(EntityApi.Collection, EntityApi.Json(new { name, type = "person" }));

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        (await EntityApi.CountByNameAsync(Host, name)).ShouldBe(0);
    }

    [Fact]
    public async Task Create_rejects_a_missing_name_as_required()
    {
        await ShouldRejectAsync(name => new { type = "person", description = name }, "name", "required");
    }

    [Fact]
    public async Task Create_rejects_a_blank_name_as_required()
    {
        await ShouldRejectAsync(name => new { name = "   ", type = "person", description = name }, "name", "required");
    }

    [Fact]
    public async Task Create_rejects_a_name_over_200_characters()
    {
        await ShouldRejectAsync(name => new { name = name + new string('n', 201 - name.Length), type = "person" }, "name", "length");
    }

    [Fact]
    public async Task Create_accepts_a_name_of_exactly_200_characters()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var name = EntityApi.UniqueName();
        name += new string('n', 200 - name.Length);

        var data = await EntityApi.CreateAsync(client, name: name);

        data.GetProperty("name").GetString().ShouldBe(name);
    }

    [Fact]
    public async Task Create_rejects_a_missing_type_as_required()
    {
        await ShouldRejectAsync(name => new { name }, "type", "required");
    }

    [Fact]
    public async Task Create_rejects_a_type_that_is_not_a_lowercase_identifier()
    {
        await ShouldRejectAsync(name => new { name, type = "Person" }, "type", "identifier");
    }

    [Fact]
    public async Task Create_rejects_a_type_with_a_trailing_newline_as_not_an_identifier()
    {
        await ShouldRejectAsync(name => new { name, type = "person\n" }, "type", "identifier");
    }

    [Fact]
    public async Task Create_rejects_a_type_over_100_characters()
    {
        await ShouldRejectAsync(name => new { name, type = "t" + new string('x', 100) }, "type", "length");
    }

    [Fact]
    public async Task Create_rejects_a_description_over_5000_characters()
    {
        await ShouldRejectAsync(name => new { name, type = "person", description = new string('d', 5001) }, "description", "length");
    }

    [Fact]
    public async Task Create_rejects_a_confidence_above_1()
    {
        await ShouldRejectAsync(name => new { name, type = "person", confidence = 1.01 }, "confidence", "range");
    }

    [Fact]
    public async Task Create_rejects_a_negative_confidence()
    {
        await ShouldRejectAsync(name => new { name, type = "person", confidence = -0.1 }, "confidence", "range");
    }

    [Fact]
    public async Task Create_rejects_a_source_over_500_characters()
    {
        await ShouldRejectAsync(name => new { name, type = "person", source = new string('s', 501) }, "source", "length");
    }

    [Fact]
    public async Task Create_rejects_an_unknown_source_type()
    {
        await ShouldRejectAsync(name => new { name, type = "person", source_type = "blog" }, "source_type", "allowed_values");
    }

    [Fact]
    public async Task Create_rejects_metadata_that_is_not_an_object()
    {
        await ShouldRejectAsync(name => new { name, type = "person", metadata = new[] { 1, 2 } }, "metadata", "object");
    }

    [Fact]
    public async Task Create_rejects_metadata_over_10_kilobytes()
    {
        await ShouldRejectAsync(name => new { name, type = "person", metadata = new { blob = new string('m', 10 * 1024) } }, "metadata", "max_size");
    }

    [Fact]
    public async Task Create_measures_the_metadata_size_as_stored_not_as_sent()
    {
        // Compact JSON under 10 KB that PostgreSQL renders with ", " separators: 5,000 items become about 15 KB.
        await ShouldRejectAsync(name => new { name, type = "person", metadata = new { list = Enumerable.Repeat(1, 5000).ToArray() } }, "metadata", "max_size");
    }

    [Fact]
    public async Task Create_accepts_metadata_of_exactly_10_kilobytes_as_stored()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        // Stored as {"blob": "…"}: 12 bytes around the value.
        var blob = new string('m', (10 * 1024) - 12);

        var data = await EntityApi.CreateAsync(client, new { name = EntityApi.UniqueName(), type = "person", metadata = new { blob } });

        var row = (await EntityApi.RowAsync(Host, data.GetProperty("id").GetGuid())).ShouldNotBeNull();
        Encoding.UTF8.GetByteCount(row.Metadata).ShouldBe(10 * 1024);
    }

    [Fact]
    public async Task Create_measures_numbers_in_metadata_as_stored()
    {
        // 1e300 is 5 bytes as sent and 301 digits as stored.
        await ShouldRejectAsync(name => new { name, type = "person", metadata = JsonDocument.Parse("{\"n\": [" + string.Join(",", Enumerable.Repeat("1e300", 40)) + "]}").RootElement }, "metadata", "max_size");
    }

    [Fact]
    public async Task Create_rejects_metadata_nested_deeper_than_5_levels()
    {
        await ShouldRejectAsync(name => new { name, type = "person", metadata = new { a = new { b = new { c = new { d = new { e = new { f = 1 } } } } } } }, "metadata", "max_depth");
    }

    [Fact]
    public async Task Create_accepts_metadata_nested_exactly_5_levels()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);

        var data = await EntityApi.CreateAsync(client, new { name = EntityApi.UniqueName(), type = "person", metadata = new { a = new { b = new { c = new { d = new { e = 1 } } } } } });

        data.GetProperty("metadata").GetProperty("a").GetProperty("b").GetProperty("c").GetProperty("d").GetProperty("e").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Create_rejects_metadata_with_more_than_50_keys_in_total()
    {
        var nested = Enumerable.Range(0, 30).ToDictionary(i => $"inner{i}", i => i);
        await ShouldRejectAsync(name => new { name, type = "person", metadata = Enumerable.Range(0, 21).ToDictionary(i => $"outer{i}", object (i) => i == 0 ? nested : i) }, "metadata", "max_keys");
    }

    [Fact]
    public async Task Create_rejects_malformed_json_naming_the_body()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);

        using var response = await client.PostAsync(EntityApi.Collection, EntityApi.Json("{\"name\": \"x\", \"type\": \"person\""));

        await response.ShouldNameFieldAsync("body", "json");
    }

    [Fact]
    public async Task Create_rejects_a_value_of_the_wrong_json_type_naming_the_field()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);

        using var response = await client.PostAsync(EntityApi.Collection, EntityApi.Json("{\"name\": \"x\", \"type\": \"person\", \"confidence\": \"high\"}"));

        await response.ShouldNameFieldAsync("confidence", "invalid");
    }

    [Fact]
    public async Task Create_rejects_a_nul_character_in_the_name()
    {
        await ShouldRejectAsync(name => new { name = name + "\u0000", type = "person" }, "name", "characters");
    }

    [Fact]
    public async Task Create_rejects_a_nul_character_in_metadata()
    {
        await ShouldRejectAsync(name => new { name, type = "person", metadata = new { note = "a\u0000b" } }, "metadata", "characters");
    }

    [Fact]
    public async Task Create_rejects_a_type_outside_the_configured_allow_list()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["ENTITY_TYPES"] = "person,organization" });
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(host);
        using var client = host.CreateClient(token);
        var name = EntityApi.UniqueName();

        using var rejected = await client.PostAsync(EntityApi.Collection, EntityApi.Json(new { name, type = "place" }));
        var accepted = await EntityApi.CreateAsync(client, new { name, type = "organization" });

        await rejected.ShouldNameFieldAsync("type", "allowed_values");
        accepted.GetProperty("type").GetString().ShouldBe("organization");
        (await EntityApi.CountByTypeAsync(host, "place")).ShouldBe(0);
    }

    /// <summary>Posts the body built from a unique name as a fresh user, expects 400 naming field and rule, and checks nothing was stored.</summary>
    private async Task ShouldRejectAsync(Func<string, object> body, string field, string rule)
    {
        var (userId, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var name = EntityApi.UniqueName();

        using var response = await client.PostAsync(EntityApi.Collection, EntityApi.Json(body(name)));

        await response.ShouldNameFieldAsync(field, rule);
        (await EntityApi.CountByCreatorAsync(Host, userId)).ShouldBe(0);
    }
}
