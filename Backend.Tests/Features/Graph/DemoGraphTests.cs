using Backend.Api.Features.Graph;
using Backend.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Backend.Tests.Features.Graph;

public sealed class DemoGraphTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task The_demo_graph_loads_once_with_people_organizations_places_and_funding_rounds()
    {
        var email = AuthHelper.NewEmail("demo");
        await AuthHelper.RegisterAsync(Host, email);

        var first = await Host.Services.GetRequiredService<DemoGraph>().LoadAsync(email, default);
        var second = await Host.Services.GetRequiredService<DemoGraph>().LoadAsync(email, default);

        first.ShouldStartWith("Loaded 13 entities and 17 relationships");
        second.ShouldBe("The demo graph is already loaded.");
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        var types = (await connection.QueryAsync<string>("SELECT DISTINCT type FROM backend_entities.entities WHERE metadata @> '{\"demo\": true}'")).ToList();
        types.ShouldBe(["funding_round", "organization", "person", "place"], ignoreOrder: true);
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM backend_entities.entity_relationships WHERE metadata @> '{\"demo\": true}'")).ShouldBe(17);
    }

    [Fact]
    public async Task Loading_for_an_unknown_account_fails_with_a_clear_message()
    {
        var failure = await Should.ThrowAsync<InvalidOperationException>(() => Host.Services.GetRequiredService<DemoGraph>().LoadAsync("nobody@example.com", default));

        failure.Message.ShouldContain("nobody@example.com");
    }
}
