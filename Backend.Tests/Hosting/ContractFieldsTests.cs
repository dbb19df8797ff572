using System.Net;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Hosting;

/// <summary>Small contract gaps the platform's clients rely on: user representations carry updated_at, relationship ones is_active.</summary>
public sealed class ContractFieldsTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task A_user_representation_carries_updated_at()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);

        using var response = await client.GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative));

        var data = await response.ShouldBeEnvelopeAsync();
        data.GetProperty("updated_at").GetString()!.ShouldEndWith("Z");
        data.GetProperty("updated_at").GetDateTimeOffset().ShouldBeGreaterThanOrEqualTo(data.GetProperty("created_at").GetDateTimeOffset());
    }

    [Fact]
    public async Task Relationship_representations_carry_is_active()
    {
        var graph = await GraphClient.SignInAsync(Host);
        var a = await graph.CreateEntityAsync();
        var b = await graph.CreateEntityAsync();

        using var created = await graph.CreateRelationshipAsync(a, b);
        var id = (await created.ShouldBeEnvelopeAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        (await graph.GetDataAsync($"/api/v1/relationships/{id}")).GetProperty("is_active").GetBoolean().ShouldBeTrue();
        (await graph.GetDataAsync($"/api/v1/relationships?source_entity_id={a}"))[0].GetProperty("is_active").GetBoolean().ShouldBeTrue();
    }
}
