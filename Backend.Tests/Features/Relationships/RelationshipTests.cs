using System.Net;
using System.Net.Http.Json;
using Backend.Tests.Infrastructure;
using Dapper;

namespace Backend.Tests.Features.Relationships;

public sealed class RelationshipTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task Create_returns_201_with_location_etag_and_an_audit_row()
    {
        var graph = await GraphClient.SignInAsync(Host);
        var a = await graph.CreateEntityAsync();
        var b = await graph.CreateEntityAsync();

        using var response = await graph.CreateRelationshipAsync(a, b, "invests_in");

        var data = await response.ShouldBeEnvelopeAsync(HttpStatusCode.Created);
        var id = data.GetProperty("id").GetGuid();
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/relationships/{id}");
        response.Headers.ETag!.Tag.ShouldBe("\"1\"");
        data.GetProperty("relationship_type").GetString().ShouldBe("invests_in");
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM backend_audit.audit_events WHERE target_id = @id AND action = 'relationship.create'", new { id })).ShouldBe(1);
    }

    [Fact]
    public async Task Create_under_an_entity_uses_it_as_the_source()
    {
        var graph = await GraphClient.SignInAsync(Host);
        var a = await graph.CreateEntityAsync();
        var b = await graph.CreateEntityAsync();

        using var response = await graph.Http.PostAsJsonAsync(new Uri($"/api/v1/entities/{a}/relationships", UriKind.Relative), new { target_entity_id = b, relationship_type = "knows" });

        var data = await response.ShouldBeEnvelopeAsync(HttpStatusCode.Created);
        data.GetProperty("source_entity_id").GetGuid().ShouldBe(a);
    }

    [Fact]
    public async Task A_self_loop_is_400_naming_target_entity_id()
    {
        var graph = await GraphClient.SignInAsync(Host);
        var a = await graph.CreateEntityAsync();

        using var response = await graph.CreateRelationshipAsync(a, a);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").EnumerateArray().ShouldContain(e => e.GetProperty("field").GetString() == "target_entity_id" && e.GetProperty("rule").GetString() == "not_self");
    }

    [Fact]
    public async Task An_unknown_or_deleted_endpoint_entity_is_422()
    {
        var graph = await GraphClient.SignInAsync(Host);
        var a = await graph.CreateEntityAsync();
        var deleted = await graph.CreateEntityAsync();
        (await graph.Http.DeleteAsync(new Uri($"/api/v1/entities/{deleted}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        using var unknown = await graph.CreateRelationshipAsync(a, Guid.CreateVersion7());
        using var toDeleted = await graph.CreateRelationshipAsync(deleted, a);

        (await unknown.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors")[0].GetProperty("field").GetString().ShouldBe("target_entity_id");
        (await toDeleted.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors")[0].GetProperty("field").GetString().ShouldBe("source_entity_id");
    }

    [Fact]
    public async Task A_duplicate_is_409_also_when_two_identical_creates_race()
    {
        var graph = await GraphClient.SignInAsync(Host);
        var a = await graph.CreateEntityAsync();
        var b = await graph.CreateEntityAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => graph.CreateRelationshipAsync(a, b, "competes_with")));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(5);
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM backend_entities.entity_relationships WHERE source_entity_id = @a AND target_entity_id = @b AND is_active", new { a, b })).ShouldBe(1);
    }

    [Fact]
    public async Task Deleting_an_entity_hides_its_relationships_until_it_is_restored()
    {
        var graph = await GraphClient.SignInAsync(Host);
        var moderator = await GraphClient.SignInAsync(Host, "moderator");
        var a = await graph.CreateEntityAsync();
        var b = await graph.CreateEntityAsync();
        var rel = await graph.LinkAsync(a, b);

        (await graph.Http.DeleteAsync(new Uri($"/api/v1/entities/{b}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await graph.Http.GetAsync(new Uri($"/api/v1/relationships/{rel}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await graph.GetDataAsync($"/api/v1/entities/{a}/relationships")).GetArrayLength().ShouldBe(0);
        (await graph.GetDataAsync($"/api/v1/entities/{a}/neighbors?depth=2")).GetProperty("nodes").GetArrayLength().ShouldBe(1);

        (await moderator.Http.PostAsync(new Uri($"/api/v1/entities/{b}/restore", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await graph.GetDataAsync($"/api/v1/relationships/{rel}")).GetProperty("id").GetGuid().ShouldBe(rel);
        (await graph.GetDataAsync($"/api/v1/entities/{a}/relationships")).GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task Listing_an_entity_relationships_filters_by_direction_and_type()
    {
        var graph = await GraphClient.SignInAsync(Host);
        var hub = await graph.CreateEntityAsync();
        var x = await graph.CreateEntityAsync();
        var y = await graph.CreateEntityAsync();
        await graph.LinkAsync(hub, x, "owns");
        await graph.LinkAsync(y, hub, "owns");
        await graph.LinkAsync(hub, y, "knows");

        (await graph.GetDataAsync($"/api/v1/entities/{hub}/relationships")).GetArrayLength().ShouldBe(3);
        (await graph.GetDataAsync($"/api/v1/entities/{hub}/relationships?direction=outgoing")).GetArrayLength().ShouldBe(2);
        (await graph.GetDataAsync($"/api/v1/entities/{hub}/relationships?direction=incoming")).GetArrayLength().ShouldBe(1);
        (await graph.GetDataAsync($"/api/v1/entities/{hub}/relationships?direction=outgoing&relationship_type=owns")).GetArrayLength().ShouldBe(1);
        (await graph.GetDataAsync($"/api/v1/relationships?source_entity_id={hub}&relationship_type=knows")).GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task Patch_and_delete_of_another_users_relationship_are_403_but_a_moderator_may()
    {
        var owner = await GraphClient.SignInAsync(Host);
        var other = await GraphClient.SignInAsync(Host);
        var moderator = await GraphClient.SignInAsync(Host, "moderator");
        var rel = await owner.LinkAsync(await owner.CreateEntityAsync(), await owner.CreateEntityAsync());

        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/relationships/{rel}") { Content = JsonContent.Create(new { confidence = 0.5 }) };
        (await other.Http.SendAsync(patch)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await other.Http.DeleteAsync(new Uri($"/api/v1/relationships/{rel}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        using var modPatch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/relationships/{rel}") { Content = JsonContent.Create(new { confidence = 0.5, evidence = "filing" }) };
        var patched = await (await moderator.Http.SendAsync(modPatch)).ShouldBeEnvelopeAsync();
        patched.GetProperty("confidence").GetDouble().ShouldBe(0.5);
        patched.GetProperty("version").GetInt32().ShouldBe(2);
        (await moderator.Http.DeleteAsync(new Uri($"/api/v1/relationships/{rel}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await moderator.Http.DeleteAsync(new Uri($"/api/v1/relationships/{rel}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await owner.Http.GetAsync(new Uri($"/api/v1/relationships/{rel}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Patch_with_a_stale_if_match_is_412()
    {
        var graph = await GraphClient.SignInAsync(Host);
        var rel = await graph.LinkAsync(await graph.CreateEntityAsync(), await graph.CreateEntityAsync());
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/relationships/{rel}") { Content = JsonContent.Create(new { confidence = 0.2 }) };
        patch.Headers.TryAddWithoutValidation("If-Match", "\"7\"");

        await (await graph.Http.SendAsync(patch)).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task Batch_is_all_or_nothing_and_names_failing_items()
    {
        var graph = await GraphClient.SignInAsync(Host);
        var a = await graph.CreateEntityAsync();
        var b = await graph.CreateEntityAsync();
        var c = await graph.CreateEntityAsync();
        await graph.LinkAsync(a, b, "owns");

        using var duplicate = await graph.Http.PostAsJsonAsync(new Uri("/api/v1/relationships/batch", UriKind.Relative), new
        {
            relationships = new[] { new { source_entity_id = b, target_entity_id = c, relationship_type = "owns" }, new { source_entity_id = a, target_entity_id = b, relationship_type = "owns" } },
        });
        var problem = await duplicate.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("errors")[0].GetProperty("field").GetString().ShouldBe("relationships[1]");
        (await graph.GetDataAsync($"/api/v1/relationships?source_entity_id={b}")).GetArrayLength().ShouldBe(0);

        using var missing = await graph.Http.PostAsJsonAsync(new Uri("/api/v1/relationships/batch", UriKind.Relative), new
        {
            relationships = new[] { new { source_entity_id = b, target_entity_id = c, relationship_type = "owns" }, new { source_entity_id = a, target_entity_id = Guid.CreateVersion7(), relationship_type = "owns" } },
        });
        (await missing.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors")[0].GetProperty("field").GetString().ShouldBe("relationships[1]");

        using var skipped = await graph.Http.PostAsJsonAsync(new Uri("/api/v1/relationships/batch?on_conflict=skip", UriKind.Relative), new
        {
            relationships = new[] { new { source_entity_id = b, target_entity_id = c, relationship_type = "owns" }, new { source_entity_id = a, target_entity_id = b, relationship_type = "owns" } },
        });
        var data = await skipped.ShouldBeEnvelopeAsync(HttpStatusCode.Created);
        data.GetProperty("created").GetArrayLength().ShouldBe(1);
        data.GetProperty("skipped").GetInt32().ShouldBe(1);
    }
}
