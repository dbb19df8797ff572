using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Features.Relationships;

/// <summary>One case per rule of a relationship's fields; each problem names the field and the rule, and nothing is stored.</summary>
public sealed class RelationshipValidationTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    public static TheoryData<string, string, string> Cases => new()
    {
        { "relationship_type", "\"\"", "required" },
        { "relationship_type", "\"Invests In\"", "identifier" },
        { "relationship_type", $"\"{new string('a', 101)}\"", "length" },
        { "confidence", "1.5", "range" },
        { "confidence", "-0.1", "range" },
        { "evidence", $"\"{new string('e', 5001)}\"", "length" },
        { "metadata", "[1, 2]", "object" },
        { "metadata", "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":1}}}}}}", "max_depth" },
        { "metadata", "{" + string.Join(",", Enumerable.Range(0, 51).Select(i => $"\"k{i}\":{i}")) + "}", "max_keys" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Create_rejects_an_invalid_field_naming_it_and_the_rule(string field, string json, string rule)
    {
        var graph = await GraphClient.SignInAsync(Host);
        var a = await graph.CreateEntityAsync();
        var b = await graph.CreateEntityAsync();
        var body = JsonDocument.Parse(JsonSerializer.Serialize(new { source_entity_id = a, target_entity_id = b, relationship_type = "knows" })).RootElement;
        var fields = body.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText());
        fields[field] = json;
        var text = "{" + string.Join(",", fields.Select(f => $"\"{f.Key}\":{f.Value}")) + "}";

        using var response = await graph.Http.PostAsync(new Uri("/api/v1/relationships", UriKind.Relative), new StringContent(text, System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").EnumerateArray().ShouldContain(
            e => e.GetProperty("field").GetString() == field && e.GetProperty("rule").GetString() == rule, problem.GetRawText());
        (await graph.GetDataAsync($"/api/v1/relationships?source_entity_id={a}")).GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Create_without_source_or_target_names_both()
    {
        var graph = await GraphClient.SignInAsync(Host);

        using var response = await graph.Http.PostAsJsonAsync(new Uri("/api/v1/relationships", UriKind.Relative), new { relationship_type = "knows" });

        var fields = (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        fields.ShouldContain("source_entity_id");
        fields.ShouldContain("target_entity_id");
    }

    [Fact]
    public async Task RELATIONSHIP_TYPES_restricts_the_types_accepted()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["RELATIONSHIP_TYPES"] = "owns,knows" });
        var graph = await GraphClient.SignInAsync(host);
        var a = await graph.CreateEntityAsync();
        var b = await graph.CreateEntityAsync();

        using var refused = await graph.CreateRelationshipAsync(a, b, "admires");
        using var accepted = await graph.CreateRelationshipAsync(a, b, "owns");

        (await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors")[0].GetProperty("rule").GetString().ShouldBe("allowed_values");
        accepted.StatusCode.ShouldBe(HttpStatusCode.Created);
    }
}
