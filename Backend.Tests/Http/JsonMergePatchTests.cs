using System.Text.Json.Nodes;
using Backend.Api.Http;

namespace Backend.Tests.Http;

/// <summary>MergePatch(target, patch) of RFC 7396 §2 against every row of Appendix A.</summary>
public sealed class JsonMergePatchTests
{
    public static TheoryData<string, string, string> AppendixA => Rfc7396.AppendixA;

    [Theory]
    [MemberData(nameof(AppendixA))]
    public void Apply_gives_the_result_of_every_appendix_A_row(string original, string patch, string result)
    {
        var merged = JsonMergePatch.Apply(JsonNode.Parse(original), JsonNode.Parse(patch));

        JsonNode.DeepEquals(merged, JsonNode.Parse(result)).ShouldBeTrue($"{original} + {patch} gave {merged?.ToJsonString() ?? "null"}, expected {result}");
    }
}
