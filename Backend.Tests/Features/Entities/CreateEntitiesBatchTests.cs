using System.Net;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Features.Entities;

public sealed class CreateEntitiesBatchTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task Batch_returns_201_with_every_entity_in_request_order_and_audits_each()
    {
        var (userId, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var type = EntityApi.UniqueType();
        var items = Enumerable.Range(0, 5)
            .Select(i => new { name = $"Item {i}", type, confidence = i / 10.0, source_type = "api", metadata = new { index = i } })
            .ToArray();

        using var response = await client.PostAsync(EntityApi.Batch, EntityApi.Json(new { entities = items }));

        var data = (await response.ShouldBeEnvelopeAsync(HttpStatusCode.Created)).EnumerateArray().ToList();
        data.Select(e => e.GetProperty("name").GetString()).ShouldBe(items.Select(i => i.name));
        data.ShouldAllBe(e => e.GetProperty("version").GetInt32() == 1 && e.GetProperty("created_by").GetGuid() == userId);
        data[3].GetProperty("confidence").GetDouble().ShouldBe(0.3);
        data[3].GetProperty("metadata").GetProperty("index").GetInt32().ShouldBe(3);
        (await EntityApi.CountByTypeAsync(Host, type)).ShouldBe(5);
        foreach (var entity in data)
        {
            var audit = (await EntityApi.AuditAsync(Host, entity.GetProperty("id").GetGuid())).ShouldHaveSingleItem();
            audit.Action.ShouldBe("entity.create");
            audit.ActorId.ShouldBe(userId);
        }
    }

    [Fact]
    public async Task Batch_accepts_1000_items()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var type = EntityApi.UniqueType();

        using var response = await client.PostAsync(EntityApi.Batch, EntityApi.Json(new { entities = Items(type, 1000) }));

        (await response.ShouldBeEnvelopeAsync(HttpStatusCode.Created)).GetArrayLength().ShouldBe(1000);
        (await EntityApi.CountByTypeAsync(Host, type)).ShouldBe(1000);
    }

    [Fact]
    public async Task Batch_of_1001_items_is_400_and_inserts_nothing()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var type = EntityApi.UniqueType();

        using var response = await client.PostAsync(EntityApi.Batch, EntityApi.Json(new { entities = Items(type, 1001) }));

        await response.ShouldNameFieldAsync("entities", "max_items");
        (await EntityApi.CountByTypeAsync(Host, type)).ShouldBe(0);
    }

    [Fact]
    public async Task Batch_with_one_invalid_item_is_400_naming_it_by_index_and_inserts_nothing()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var type = EntityApi.UniqueType();
        var items = Items(type, 10).Cast<object>().ToArray();
        items[7] = new { name = "Bad item", type, confidence = 2.0 };

        using var response = await client.PostAsync(EntityApi.Batch, EntityApi.Json(new { entities = items }));

        await response.ShouldNameFieldAsync("entities[7].confidence", "range");
        (await EntityApi.CountByTypeAsync(Host, type)).ShouldBe(0);
    }

    [Fact]
    public async Task Batch_names_every_failing_item()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var type = EntityApi.UniqueType();
        var items = Items(type, 4).Cast<object>().ToArray();
        items[0] = new { type };
        items[2] = new { name = "Bad metadata", type, metadata = "not an object" };

        using var response = await client.PostAsync(EntityApi.Batch, EntityApi.Json(new { entities = items }));

        await response.ShouldNameFieldAsync("entities[0].name", "required");
        await response.ShouldNameFieldAsync("entities[2].metadata", "object");
        (await EntityApi.CountByTypeAsync(Host, type)).ShouldBe(0);
    }

    [Fact]
    public async Task Batch_without_items_is_400()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);

        using var response = await client.PostAsync(EntityApi.Batch, EntityApi.Json(new { entities = Array.Empty<object>() }));

        await response.ShouldNameFieldAsync("entities", "required");
    }

    [Fact]
    public async Task Batch_without_a_token_returns_401()
    {
        var type = EntityApi.UniqueType();

        using var response = await Host.Client.PostAsync(EntityApi.Batch, EntityApi.Json(new { entities = Items(type, 2) }));

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        (await EntityApi.CountByTypeAsync(Host, type)).ShouldBe(0);
    }

    private static object[] Items(string type, int count) =>
        Enumerable.Range(0, count).Select(i => (object)new { name = $"Bulk {i}", type, confidence = 0.5 }).ToArray();
}
