using System.Net;
using System.Text.Json.Nodes;
using Backend.Tests.Http;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Features.Entities;

/// <summary>
/// RFC 7396 Appendix A on an entity: each row's original document is stored under metadata.doc, the patch is sent as
/// {"metadata":{"doc": patch}}. Metadata itself must stay an object (the service's rule), hence the one level of nesting;
/// a null patch there removes the member (§2), so that row's expected result is the member's absence.
/// </summary>
public sealed class MergePatchRfc7396Tests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    public static TheoryData<string, string, string> AppendixA => Rfc7396.AppendixA;

    [Theory]
    [MemberData(nameof(AppendixA))]
    public async Task Patch_merges_metadata_as_appendix_A_says(string original, string patch, string result)
    {
        var client = (await GraphClient.SignInAsync(Host)).Http;
        var created = await EntityApi.CreateAsync(client, new { name = EntityApi.UniqueName(), type = EntityApi.UniqueType(), metadata = new JsonObject { ["doc"] = JsonNode.Parse(original) } });
        var id = created.GetProperty("id").GetGuid();

        using var response = await client.SendAsync(EntityApi.Request(HttpMethod.Patch, id, EntityApi.Json("""{"metadata":{"doc":""" + patch + "}}", "application/merge-patch+json")));

        var data = await response.ShouldBeEnvelopeAsync();
        var expected = Expected(result);
        JsonNode.DeepEquals(JsonNode.Parse(data.GetProperty("metadata").GetRawText()), expected).ShouldBeTrue(data.GetProperty("metadata").GetRawText());
        JsonNode.DeepEquals(JsonNode.Parse((await EntityApi.RowAsync(Host, id))!.Metadata), expected).ShouldBeTrue();
    }

    [Fact]
    public async Task The_issue_example_stores_empty_objects_not_nulls()
    {
        var client = (await GraphClient.SignInAsync(Host)).Http;
        var id = (await EntityApi.CreateAsync(client, new { name = EntityApi.UniqueName(), type = EntityApi.UniqueType(), metadata = new { x = 1 } })).GetProperty("id").GetGuid();

        using var response = await client.SendAsync(EntityApi.Request(HttpMethod.Patch, id, EntityApi.Json("""{"metadata":{"a":{"bb":{"ccc":null}}}}""", "application/merge-patch+json")));

        await response.ShouldBeEnvelopeAsync();
        JsonNode.DeepEquals(JsonNode.Parse((await EntityApi.RowAsync(Host, id))!.Metadata), JsonNode.Parse("""{"x":1,"a":{"bb":{}}}""")).ShouldBeTrue();
    }

    [Theory]
    [InlineData("""{"metadata":["a"]}""", "metadata", "object")]
    [InlineData("""{"metadata":"text"}""", "metadata", "object")]
    [InlineData("""{"version":2}""", "version", "read_only")]
    [InlineData("""{"colour":"red"}""", "colour", "unknown_field")]
    public async Task The_services_own_rules_apply_on_top(string patch, string field, string rule)
    {
        var client = (await GraphClient.SignInAsync(Host)).Http;
        var id = (await EntityApi.CreateAsync(client)).GetProperty("id").GetGuid();

        using var response = await client.SendAsync(EntityApi.Request(HttpMethod.Patch, id, EntityApi.Json(patch, "application/merge-patch+json")));

        await response.ShouldNameFieldAsync(field, rule);
        (await EntityApi.RowAsync(Host, id))!.Version.ShouldBe(1);
    }

    [Fact]
    public async Task A_patch_that_makes_metadata_too_large_is_400()
    {
        var client = (await GraphClient.SignInAsync(Host)).Http;
        var id = (await EntityApi.CreateAsync(client)).GetProperty("id").GetGuid();

        using var response = await client.SendAsync(EntityApi.Request(HttpMethod.Patch, id, EntityApi.Json("{\"metadata\":{\"big\":\"" + new string('x', 11_000) + "\"}}", "application/merge-patch+json")));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await response.ShouldNameFieldAsync("metadata", "max_size");
    }

    /// <summary>The metadata after the patch: {"doc": result}, or {} when the row's result is null (a null member removes it).</summary>
    internal static JsonNode Expected(string result) => JsonNode.Parse(result) is { } node ? new JsonObject { ["doc"] = node } : new JsonObject();
}
