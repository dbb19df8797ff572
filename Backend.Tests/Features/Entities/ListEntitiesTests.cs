using System.Net;
using System.Text;
using System.Text.Json;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Features.Entities;

public sealed class ListEntitiesTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task List_filters_by_type_and_reports_the_page()
    {
        using var client = await ClientAsync();
        var type = EntityApi.UniqueType();
        var ids = new[] { await CreateAsync(client, type), await CreateAsync(client, type) };
        await EntityApi.CreateAsync(client);

        using var response = await client.GetAsync(EntityApi.List($"type={type}"));

        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var data = await response.ShouldBeEnvelopeAsync();
        data.EnumerateArray().Select(Id).ShouldBe(ids, ignoreOrder: true);
        var pagination = body.GetProperty("meta").GetProperty("pagination");
        pagination.GetProperty("limit").GetInt32().ShouldBe(50);
        pagination.GetProperty("offset").GetInt32().ShouldBe(0);
        pagination.GetProperty("has_more").GetBoolean().ShouldBeFalse();
        pagination.TryGetProperty("total", out _).ShouldBeFalse();
        pagination.TryGetProperty("next_cursor", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task List_filters_by_source_type()
    {
        using var client = await ClientAsync();
        var type = EntityApi.UniqueType();
        var article = await CreateAsync(client, type, sourceType: "article");
        await CreateAsync(client, type, sourceType: "web_page");

        var items = await EntityApi.ListAsync(client, $"type={type}&source_type=article");

        items.Select(Id).ShouldBe([article]);
    }

    [Fact]
    public async Task List_rejects_an_unknown_source_type()
    {
        using var client = await ClientAsync();

        using var response = await client.GetAsync(EntityApi.List("source_type=blog"));

        await response.ShouldNameFieldAsync("source_type", "allowed_values");
    }

    [Theory]
    [InlineData("q", "a%00b")]
    [InlineData("type", "a%00b")]
    [InlineData("metadata", "%7B%22k%22%3A%22a%5Cu0000b%22%7D")]
    public async Task List_rejects_a_nul_character_in_a_text_filter(string field, string value)
    {
        using var client = await ClientAsync();

        using var response = await client.GetAsync(EntityApi.List($"{field}={value}"));

        await response.ShouldNameFieldAsync(field, "characters");
    }

    [Fact]
    public async Task List_q_finds_names_containing_the_text_and_ranks_the_closest_first()
    {
        using var client = await ClientAsync();
        var type = EntityApi.UniqueType();
        var word = "zq" + Guid.NewGuid().ToString("N")[..8];
        var longer = await CreateAsync(client, type, name: $"The {word} Holdings International Group");
        var exact = await CreateAsync(client, type, name: word);
        await CreateAsync(client, type, name: "Unrelated Corporation");

        var items = await EntityApi.ListAsync(client, $"type={type}&q={word}");

        items.Select(Id).ShouldBe([exact, longer]);
    }

    [Fact]
    public async Task List_filters_by_confidence_min_and_max()
    {
        using var client = await ClientAsync();
        var type = EntityApi.UniqueType();
        var low = await CreateAsync(client, type, confidence: 0.2);
        var middle = await CreateAsync(client, type, confidence: 0.5);
        var high = await CreateAsync(client, type, confidence: 0.9);

        var atLeast = await EntityApi.ListAsync(client, $"type={type}&confidence_min=0.5");
        var atMost = await EntityApi.ListAsync(client, $"type={type}&confidence_max=0.5");
        var between = await EntityApi.ListAsync(client, $"type={type}&confidence_min=0.3&confidence_max=0.6");

        atLeast.Select(Id).ShouldBe([middle, high], ignoreOrder: true);
        atMost.Select(Id).ShouldBe([low, middle], ignoreOrder: true);
        between.Select(Id).ShouldBe([middle]);
    }

    [Fact]
    public async Task List_rejects_a_confidence_max_below_the_min()
    {
        using var client = await ClientAsync();

        using var response = await client.GetAsync(EntityApi.List("confidence_min=0.6&confidence_max=0.4"));

        await response.ShouldNameFieldAsync("confidence_max", "range");
    }

    [Fact]
    public async Task List_rejects_a_confidence_min_outside_0_to_1()
    {
        using var client = await ClientAsync();

        using var response = await client.GetAsync(EntityApi.List("confidence_min=1.5"));

        await response.ShouldNameFieldAsync("confidence_min", "range");
    }

    [Fact]
    public async Task List_filters_by_metadata_containment()
    {
        using var client = await ClientAsync();
        var type = EntityApi.UniqueType();
        var german = await CreateAsync(client, type, metadata: new { country = "DE", address = new { city = "Berlin" } });
        await CreateAsync(client, type, metadata: new { country = "FR", address = new { city = "Paris" } });

        var byCountry = await EntityApi.ListAsync(client, $"type={type}&metadata={Uri.EscapeDataString("{\"country\":\"DE\"}")}");
        var byNested = await EntityApi.ListAsync(client, $"type={type}&metadata={Uri.EscapeDataString("{\"address\":{\"city\":\"Berlin\"}}")}");

        byCountry.Select(Id).ShouldBe([german]);
        byNested.Select(Id).ShouldBe([german]);
    }

    [Fact]
    public async Task Metadata_comes_back_from_create_get_and_list_as_the_json_that_was_stored()
    {
        // Stored jsonb text is written into responses as it is: escapes, non-ASCII text, nesting, large and
        // fractional numbers and empty containers must arrive as the same JSON value the client sent.
        using var client = await ClientAsync();
        var type = EntityApi.UniqueType();
        const string metadata = """
            {"quote": "say \"hi\"\n\ttab \\ back", "unicode": "Zürich 東京 😀 <b>&amp;</b>", "nested": {"list": [1, 2.50, -3e2, true, null, {}], "empty": []},
             "big": 123456789012345678901234567890, "small": 0.000001, "zero": 0}
            """;
        using var response = await client.PostAsync(EntityApi.Collection,
            EntityApi.Json($"{{\"name\":\"{EntityApi.UniqueName()}\",\"type\":\"{type}\",\"metadata\":{metadata}}}"));
        var created = await response.ShouldBeEnvelopeAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();

        var fetched = await EntityApi.GetAsync(client, id);
        var listed = (await EntityApi.ListAsync(client, $"type={type}")).Single();

        using var sent = JsonDocument.Parse(metadata);
        foreach (var body in new[] { created, fetched, listed })
        {
            JsonElement.DeepEquals(body.GetProperty("metadata"), sent.RootElement).ShouldBeTrue(body.GetProperty("metadata").GetRawText());
        }

        listed.GetProperty("metadata").GetProperty("unicode").GetString().ShouldBe("Zürich 東京 😀 <b>&amp;</b>");
        listed.GetProperty("metadata").GetProperty("quote").GetString().ShouldBe("say \"hi\"\n\ttab \\ back");
    }

    [Fact]
    public async Task List_rejects_a_metadata_filter_that_is_not_a_json_object()
    {
        using var client = await ClientAsync();

        using var response = await client.GetAsync(EntityApi.List($"metadata={Uri.EscapeDataString("[1]")}"));

        await response.ShouldNameFieldAsync("metadata", "json_object");
    }

    [Fact]
    public async Task List_filters_by_created_by_me_and_by_user_id()
    {
        var (_, myToken) = await AuthHelper.RegisterAndLoginAsync(Host);
        var (otherId, otherToken) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var me = Host.CreateClient(myToken);
        using var other = Host.CreateClient(otherToken);
        var type = EntityApi.UniqueType();
        var mine = await CreateAsync(me, type);
        var theirs = await CreateAsync(other, type);

        var createdByMe = await EntityApi.ListAsync(me, $"type={type}&created_by=me");
        var createdByOther = await EntityApi.ListAsync(me, $"type={type}&created_by={otherId}");

        createdByMe.Select(Id).ShouldBe([mine]);
        createdByOther.Select(Id).ShouldBe([theirs]);
    }

    [Fact]
    public async Task List_rejects_a_created_by_that_is_neither_a_uuid_nor_me()
    {
        using var client = await ClientAsync();

        using var response = await client.GetAsync(EntityApi.List("created_by=someone"));

        await response.ShouldNameFieldAsync("created_by", "uuid");
    }

    [Theory]
    [InlineData("name", new[] { "Alpha", "Bravo", "Charlie" })]
    [InlineData("-name", new[] { "Charlie", "Bravo", "Alpha" })]
    [InlineData("confidence", new[] { "Bravo", "Charlie", "Alpha" })]
    [InlineData("-confidence", new[] { "Alpha", "Charlie", "Bravo" })]
    [InlineData("created_at", new[] { "Charlie", "Alpha", "Bravo" })]
    [InlineData("-created_at", new[] { "Bravo", "Alpha", "Charlie" })]
    public async Task List_sorts_by_the_requested_field_and_direction(string sort, string[] expected)
    {
        using var client = await ClientAsync();
        var type = EntityApi.UniqueType();
        // Created in this order, one second apart: Charlie, Alpha, Bravo; confidences Alpha 0.9 > Charlie 0.5 > Bravo 0.1.
        await CreateAsync(client, type, name: "Charlie", confidence: 0.5);
        Host.Time.Advance(TimeSpan.FromSeconds(1));
        await CreateAsync(client, type, name: "Alpha", confidence: 0.9);
        Host.Time.Advance(TimeSpan.FromSeconds(1));
        await CreateAsync(client, type, name: "Bravo", confidence: 0.1);

        var items = await EntityApi.ListAsync(client, $"type={type}&sort={sort}");

        items.Select(i => i.GetProperty("name").GetString()).ShouldBe(expected);
    }

    [Fact]
    public async Task List_without_a_sort_returns_the_newest_first()
    {
        using var client = await ClientAsync();
        var type = EntityApi.UniqueType();
        var older = await CreateAsync(client, type);
        Host.Time.Advance(TimeSpan.FromSeconds(1));
        var newer = await CreateAsync(client, type);

        var items = await EntityApi.ListAsync(client, $"type={type}");

        items.Select(Id).ShouldBe([newer, older]);
    }

    [Fact]
    public async Task List_rejects_an_unknown_sort()
    {
        using var client = await ClientAsync();

        using var response = await client.GetAsync(EntityApi.List("sort=version"));

        await response.ShouldNameFieldAsync("sort", "allowed_values");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task List_rejects_a_limit_outside_1_to_100(int limit)
    {
        using var client = await ClientAsync();

        using var response = await client.GetAsync(EntityApi.List($"limit={limit}"));

        await response.ShouldNameFieldAsync("limit", "range");
    }

    [Fact]
    public async Task List_pages_with_limit_and_offset()
    {
        using var client = await ClientAsync();
        var type = EntityApi.UniqueType();
        var names = new[] { "A1", "A2", "A3", "A4", "A5" };
        foreach (var name in names)
        {
            await CreateAsync(client, type, name: name);
        }

        var (second, secondMeta) = await PageAsync(client, $"type={type}&sort=name&limit=2&offset=2");
        var (last, lastMeta) = await PageAsync(client, $"type={type}&sort=name&limit=2&offset=4");

        second.Select(i => i.GetProperty("name").GetString()).ShouldBe(["A3", "A4"]);
        secondMeta.GetProperty("offset").GetInt32().ShouldBe(2);
        secondMeta.GetProperty("limit").GetInt32().ShouldBe(2);
        secondMeta.GetProperty("has_more").GetBoolean().ShouldBeTrue();
        last.Select(i => i.GetProperty("name").GetString()).ShouldBe(["A5"]);
        lastMeta.GetProperty("has_more").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task List_with_include_total_counts_every_match_not_just_the_page()
    {
        using var client = await ClientAsync();
        var type = EntityApi.UniqueType();
        for (var i = 0; i < 3; i++)
        {
            await CreateAsync(client, type);
        }

        var (items, meta) = await PageAsync(client, $"type={type}&limit=1&include_total=true");

        items.Count.ShouldBe(1);
        meta.GetProperty("total").GetInt64().ShouldBe(3);
    }

    [Fact]
    public async Task Cursor_paging_by_name_sees_every_row_once_when_rows_are_inserted_between_pages()
    {
        using var client = await ClientAsync();
        var type = EntityApi.UniqueType();
        foreach (var name in new[] { "B", "D", "F", "H", "J" })
        {
            await CreateAsync(client, type, name: name);
        }

        var seen = new List<string>();
        var (page, meta) = await PageAsync(client, $"type={type}&sort=name&limit=2");
        seen.AddRange(page.Select(i => i.GetProperty("name").GetString()!));
        // One row sorts before the cursor (never seen), one after it (seen on a later page).
        await CreateAsync(client, type, name: "A");
        await CreateAsync(client, type, name: "E");
        while (meta.TryGetProperty("next_cursor", out var cursor))
        {
            meta.GetProperty("has_more").GetBoolean().ShouldBeTrue();
            (page, meta) = await PageAsync(client, $"type={type}&sort=name&limit=2&cursor={cursor.GetString()}");
            meta.TryGetProperty("offset", out _).ShouldBeFalse();
            seen.AddRange(page.Select(i => i.GetProperty("name").GetString()!));
            await CreateAsync(client, type, name: "C" + seen.Count);
        }

        seen.ShouldBe(["B", "D", "E", "F", "H", "J"]);
    }

    [Fact]
    public async Task Cursor_paging_newest_first_has_no_duplicates_or_gaps_when_newer_rows_arrive()
    {
        using var client = await ClientAsync();
        var type = EntityApi.UniqueType();
        var original = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            original.Add(await CreateAsync(client, type));
        }

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var (page, meta) = await PageAsync(client, $"type={type}&limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(page.Select(Id));
            Host.Time.Advance(TimeSpan.FromSeconds(1));
            await CreateAsync(client, type);
            cursor = meta.TryGetProperty("next_cursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);

        seen.ShouldBe(seen.Distinct());
        seen.ShouldBe(original, ignoreOrder: true);
    }

    [Fact]
    public async Task Cursor_paging_by_descending_confidence_continues_after_ties()
    {
        using var client = await ClientAsync();
        var type = EntityApi.UniqueType();
        var ids = new List<Guid>();
        foreach (var confidence in new[] { 0.7, 0.7, 0.7, 0.3, 0.3 })
        {
            ids.Add(await CreateAsync(client, type, confidence: confidence));
        }

        var seen = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var (page, meta) = await PageAsync(client, $"type={type}&sort=-confidence&limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(page);
            cursor = meta.TryGetProperty("next_cursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);

        seen.Select(Id).ShouldBe(ids, ignoreOrder: true);
        seen.Select(i => i.GetProperty("confidence").GetDouble()).ShouldBe([0.7, 0.7, 0.7, 0.3, 0.3]);
    }

    [Fact]
    public async Task List_rejects_a_cursor_that_is_not_one_of_ours()
    {
        using var client = await ClientAsync();

        using var response = await client.GetAsync(EntityApi.List("cursor=not-a-cursor!"));

        await response.ShouldNameFieldAsync("cursor", "cursor");
    }

    [Fact]
    public async Task List_rejects_a_tampered_cursor()
    {
        using var client = await ClientAsync();
        var forged = Base64Url(JsonSerializer.Serialize(new { Sort = "-created_at", Value = "yesterday", Id = Guid.NewGuid() }));

        using var response = await client.GetAsync(EntityApi.List($"cursor={forged}"));

        await response.ShouldNameFieldAsync("cursor", "cursor");
    }

    [Fact]
    public async Task List_rejects_a_cursor_from_a_listing_with_another_sort()
    {
        using var client = await ClientAsync();
        var type = EntityApi.UniqueType();
        await CreateAsync(client, type);
        await CreateAsync(client, type);
        var (_, meta) = await PageAsync(client, $"type={type}&sort=name&limit=1");
        var cursor = meta.GetProperty("next_cursor").GetString();

        using var response = await client.GetAsync(EntityApi.List($"type={type}&sort=-name&cursor={cursor}"));

        await response.ShouldNameFieldAsync("cursor", "cursor");
    }

    [Fact]
    public async Task List_rejects_offset_combined_with_a_cursor()
    {
        using var client = await ClientAsync();
        var type = EntityApi.UniqueType();
        await CreateAsync(client, type);
        await CreateAsync(client, type);
        var (_, meta) = await PageAsync(client, $"type={type}&limit=1");

        using var response = await client.GetAsync(EntityApi.List($"type={type}&offset=1&cursor={meta.GetProperty("next_cursor").GetString()}"));

        await response.ShouldNameFieldAsync("offset", "exclusive");
    }

    [Fact]
    public async Task List_hides_deleted_entities_and_shows_them_to_a_moderator_with_include_deleted()
    {
        using var client = await ClientAsync();
        var (_, moderatorToken) = await AuthHelper.RegisterAndLoginAsync(Host, "moderator");
        using var moderator = Host.CreateClient(moderatorToken);
        var type = EntityApi.UniqueType();
        var kept = await CreateAsync(client, type);
        var deleted = await CreateAsync(client, type);
        using (var delete = await client.DeleteAsync(EntityApi.Item(deleted)))
        {
            delete.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        var forUser = await EntityApi.ListAsync(client, $"type={type}");
        var forModerator = await EntityApi.ListAsync(moderator, $"type={type}");
        var withDeleted = await EntityApi.ListAsync(moderator, $"type={type}&include_deleted=true");

        forUser.Select(Id).ShouldBe([kept]);
        forModerator.Select(Id).ShouldBe([kept]);
        withDeleted.Select(Id).ShouldBe([kept, deleted], ignoreOrder: true);
        withDeleted.Single(i => Id(i) == deleted).GetProperty("is_active").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task List_with_include_deleted_is_403_for_a_user()
    {
        using var client = await ClientAsync();

        using var response = await client.GetAsync(EntityApi.List("include_deleted=true"));

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task List_without_a_token_returns_401()
    {
        using var response = await Host.Client.GetAsync(EntityApi.Collection);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    private static Guid Id(JsonElement item) => item.GetProperty("id").GetGuid();

    private static string Base64Url(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private async Task<HttpClient> ClientAsync()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        return Host.CreateClient(token);
    }

    private static async Task<Guid> CreateAsync(HttpClient client, string type, string? name = null, double? confidence = null, string? sourceType = null, object? metadata = null)
    {
        var data = await EntityApi.CreateAsync(client, new
        {
            name = name ?? EntityApi.UniqueName(),
            type,
            confidence = confidence ?? 1.0,
            source_type = sourceType ?? "manual",
            metadata = metadata ?? new { },
        });
        return Id(data);
    }

    private static async Task<(IReadOnlyList<JsonElement> Items, JsonElement Pagination)> PageAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync(EntityApi.List(query));
        var body = await response.Content.ReadAsStringAsync();
        var data = await response.ShouldBeEnvelopeAsync();
        var pagination = JsonDocument.Parse(body).RootElement.GetProperty("meta").GetProperty("pagination").Clone();
        return (data.EnumerateArray().ToList(), pagination);
    }
}
