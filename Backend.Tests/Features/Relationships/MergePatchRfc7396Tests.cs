using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Backend.Tests.Http;
using Backend.Tests.Infrastructure;
using Dapper;

namespace Backend.Tests.Features.Relationships;

/// <summary>RFC 7396 Appendix A on a relationship's metadata (nested under metadata.doc, as for entities).</summary>
public sealed class MergePatchRfc7396Tests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    public static TheoryData<string, string, string> AppendixA => Rfc7396.AppendixA;

    [Theory]
    [MemberData(nameof(AppendixA))]
    public async Task Patch_merges_metadata_as_appendix_A_says(string original, string patch, string result)
    {
        var graph = await GraphClient.SignInAsync(Host);
        var a = await graph.CreateEntityAsync();
        var b = await graph.CreateEntityAsync();
        using var created = await graph.Http.PostAsJsonAsync(new Uri("/api/v1/relationships", UriKind.Relative),
            new { source_entity_id = a, target_entity_id = b, relationship_type = "knows", metadata = new JsonObject { ["doc"] = JsonNode.Parse(original) } });
        var id = (await created.ShouldBeEnvelopeAsync(System.Net.HttpStatusCode.Created)).GetProperty("id").GetGuid();

        using var response = await graph.Http.PatchAsync(new Uri($"/api/v1/relationships/{id}", UriKind.Relative),
            new StringContent("""{"metadata":{"doc":""" + patch + "}}", Encoding.UTF8, "application/merge-patch+json"));

        var data = await response.ShouldBeEnvelopeAsync();
        var expected = Entities.MergePatchRfc7396Tests.Expected(result);
        JsonNode.DeepEquals(JsonNode.Parse(data.GetProperty("metadata").GetRawText()), expected).ShouldBeTrue(data.GetProperty("metadata").GetRawText());
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        var stored = await connection.ExecuteScalarAsync<string>("SELECT metadata::text FROM backend_entities.entity_relationships WHERE id = @id", new { id });
        JsonNode.DeepEquals(JsonNode.Parse(stored!), expected).ShouldBeTrue(stored);
    }

    [Theory]
    [InlineData("""{"source_entity_id":"00000000-0000-0000-0000-000000000001"}""", "source_entity_id", "read_only")]
    [InlineData("""{"metadata":[1]}""", "metadata", "object")]
    [InlineData("""{"confidence":2}""", "confidence", "range")]
    public async Task The_services_own_rules_apply_on_top(string patch, string field, string rule)
    {
        var graph = await GraphClient.SignInAsync(Host);
        var id = await graph.LinkAsync(await graph.CreateEntityAsync(), await graph.CreateEntityAsync());

        using var response = await graph.Http.PatchAsync(new Uri($"/api/v1/relationships/{id}", UriKind.Relative), new StringContent(patch, Encoding.UTF8, "application/merge-patch+json"));

        await Entities.EntityApi.ShouldNameFieldAsync(response, field, rule);
    }
}
