using System.Net;
using System.Text.Json;
using Backend.Tests.Features.Entities;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Hosting;

/// <summary>
/// Unknown query parameters and unknown enum values are a 400 problem naming them, listing what the operation accepts,
/// with a hint when a close name exists (the front end's entity_type, source_entity, target_entity, skip, search).
/// </summary>
public sealed class UnknownQueryParameterTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Theory]
    [InlineData("/api/v1/entities?entity_type=person", "entity_type", "type")]
    [InlineData("/api/v1/entities?skip=10", "skip", "offset")]
    [InlineData("/api/v1/entities?search=acme", "search", "q")]
    [InlineData("/api/v1/entities?limt=5", "limt", "limit")]
    [InlineData("/api/v1/relationships?source_entity=00000000-0000-0000-0000-000000000001", "source_entity", "source_entity_id")]
    [InlineData("/api/v1/relationships?target_entity=00000000-0000-0000-0000-000000000001", "target_entity", "target_entity_id")]
    public async Task An_unknown_parameter_is_400_naming_it_listing_the_accepted_ones_with_a_hint(string path, string parameter, string hint)
    {
        var client = (await GraphClient.SignInAsync(Host)).Http;

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("type").GetString().ShouldBe("urn:backend:problem:unknown-parameter");
        var error = problem.GetProperty("errors").EnumerateArray().Single();
        error.GetProperty("field").GetString().ShouldBe(parameter);
        error.GetProperty("rule").GetString().ShouldBe("unknown_parameter");
        var message = error.GetProperty("message").GetString()!;
        message.ShouldContain("accepted: ");
        message.ShouldContain("limit");
        message.ShouldEndWith($"did you mean {hint}?");
        problem.GetProperty("detail").GetString()!.ShouldContain(parameter);
    }

    [Fact]
    public async Task The_listing_is_not_run_when_a_parameter_is_unknown()
    {
        var client = (await GraphClient.SignInAsync(Host)).Http;
        await EntityApi.CreateAsync(client);

        using var filtered = await client.GetAsync(EntityApi.List("entity_type=person&limit=1"));
        using var known = await client.GetAsync(EntityApi.List("type=person&limit=1"));

        filtered.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await known.ShouldBeEnvelopeAsync();
    }

    [Fact]
    public async Task An_operation_without_parameters_lists_none()
    {
        var client = (await GraphClient.SignInAsync(Host)).Http;

        using var response = await client.GetAsync(new Uri("/api/v1/graph/stats?verbose=true", UriKind.Relative));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors")[0].GetProperty("message").GetString()!.ShouldContain("accepted: none");
    }

    [Theory]
    [InlineData("relationships?direction=source")]
    [InlineData("neighbors?direction=source")]
    [InlineData("neighbors?direction=1")]
    public async Task An_unknown_enum_value_is_400_listing_the_accepted_values(string operation)
    {
        var graph = await GraphClient.SignInAsync(Host);
        var a = await graph.CreateEntityAsync();

        using var response = await graph.Http.GetAsync(new Uri($"/api/v1/entities/{a}/{operation}", UriKind.Relative));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var error = problem.GetProperty("errors").EnumerateArray().Single();
        error.GetProperty("field").GetString().ShouldBe("direction");
        error.GetProperty("rule").GetString().ShouldBe("allowed_values");
        error.GetProperty("message").GetString()!.ShouldStartWith("must be one of: outgoing, incoming, both");
    }

    [Fact]
    public async Task A_misspelt_enum_value_gets_a_hint()
    {
        var graph = await GraphClient.SignInAsync(Host);
        var a = await graph.CreateEntityAsync();

        using var response = await graph.Http.GetAsync(new Uri($"/api/v1/entities/{a}/neighbors?direction=outgoin", UriKind.Relative));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors")[0].GetProperty("message").GetString()!.ShouldEndWith("did you mean outgoing?");
    }

    [Theory]
    [InlineData("outgoing")]
    [InlineData("incoming")]
    [InlineData("both")]
    [InlineData("Outgoing")]
    public async Task Known_enum_values_still_work(string direction)
    {
        var graph = await GraphClient.SignInAsync(Host);
        var a = await graph.CreateEntityAsync();

        using var response = await graph.Http.GetAsync(new Uri($"/api/v1/entities/{a}/relationships?direction={direction}", UriKind.Relative));

        (await response.ShouldBeEnvelopeAsync()).ValueKind.ShouldBe(JsonValueKind.Array);
    }
}
