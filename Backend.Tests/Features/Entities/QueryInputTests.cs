using System.Buffers.Text;
using System.Text;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Features.Entities;

/// <summary>Every value bound into SQL from the query string, a cursor or filter JSON gets the body's rules (NUL, surrogates, length, number range): 400 naming the parameter, never 500.</summary>
public sealed class QueryInputTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Theory]
    [InlineData("""{"Sort":"name","Value":"a\u0000","Id":"01a21c18-d588-71cf-b3c0-13589375ecd8"}""", "name")]
    [InlineData("""{"Sort":"name","Value":"a\ud800","Id":"01a21c18-d588-71cf-b3c0-13589375ecd8"}""", "name")]
    [InlineData("""{"Sort":"-created_at","Value":"2026-01-01T00:00:00\u0000","Id":"01a21c18-d588-71cf-b3c0-13589375ecd8"}""", "-created_at")]
    [InlineData("""{"Sort":"confidence","Value":"1e400","Id":"01a21c18-d588-71cf-b3c0-13589375ecd8"}""", "confidence")]
    [InlineData("""{"Sort":"confidence","Value":"NaN","Id":"01a21c18-d588-71cf-b3c0-13589375ecd8"}""", "confidence")]
    [InlineData("""{"Sort":"name","Value":null,"Id":"01a21c18-d588-71cf-b3c0-13589375ecd8"}""", "name")]
    public async Task A_forged_entity_cursor_is_400_naming_cursor(string cursorJson, string sort)
    {
        var client = (await GraphClient.SignInAsync(Host)).Http;
        var cursor = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(cursorJson));

        using var response = await client.GetAsync(EntityApi.List($"sort={sort}&cursor={cursor}"));

        await response.ShouldNameFieldAsync("cursor", "cursor");
    }

    [Fact]
    public async Task A_cursor_with_an_overlong_sort_value_is_400()
    {
        var client = (await GraphClient.SignInAsync(Host)).Http;
        var cursor = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($$"""{"Sort":"name","Value":"{{new string('a', 300)}}","Id":"01a21c18-d588-71cf-b3c0-13589375ecd8"}"""));

        using var response = await client.GetAsync(EntityApi.List($"sort=name&cursor={cursor}"));

        await response.ShouldNameFieldAsync("cursor", "cursor");
    }

    [Theory]
    [InlineData("""{"a":"\u0000"}""", "characters")]
    [InlineData("""{"a":"\ud800"}""", "characters")]
    [InlineData("""{"\udc00":1}""", "characters")]
    [InlineData("""{"a":1e999999}""", "max_size")]
    public async Task The_metadata_filter_gets_the_bodys_metadata_rules(string filter, string rule)
    {
        var client = (await GraphClient.SignInAsync(Host)).Http;

        using var response = await client.GetAsync(EntityApi.List("metadata=" + Uri.EscapeDataString(filter)));

        await response.ShouldNameFieldAsync("metadata", rule);
    }

    [Fact]
    public async Task A_forged_relationship_cursor_with_a_local_time_is_400()
    {
        var client = (await GraphClient.SignInAsync(Host)).Http;
        var cursor = Base64Url.EncodeToString(Encoding.UTF8.GetBytes("""{"CreatedAt":"2026-01-01T00:00:00","Id":"01a21c18-d588-71cf-b3c0-13589375ecd8"}"""));

        using var response = await client.GetAsync(new Uri($"/api/v1/relationships?cursor={cursor}", UriKind.Relative));

        await response.ShouldNameFieldAsync("cursor", "cursor");
    }

    [Theory]
    [InlineData("type")]
    [InlineData("q")]
    [InlineData("source_type")]
    public async Task A_NUL_in_a_query_value_is_400_naming_the_parameter(string parameter)
    {
        var client = (await GraphClient.SignInAsync(Host)).Http;

        using var response = await client.GetAsync(EntityApi.List($"{parameter}=a%00b"));

        await response.ShouldNameFieldAsync(parameter, "characters");
    }

    [Fact]
    public async Task An_overlong_relationship_type_filter_is_400()
    {
        var client = (await GraphClient.SignInAsync(Host)).Http;

        using var response = await client.GetAsync(new Uri($"/api/v1/relationships?relationship_type={new string('a', 101)}", UriKind.Relative));

        await response.ShouldNameFieldAsync("relationship_type", "length");
    }
}
