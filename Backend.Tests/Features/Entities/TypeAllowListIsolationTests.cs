using System.Net;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Features.Entities;

/// <summary>
/// Validators are built once per process, so the allow-list must be read from the app serving the request:
/// two apps with different ENTITY_TYPES each apply their own.
/// </summary>
public sealed class TypeAllowListIsolationTests
{
    [Fact]
    public async Task Each_app_applies_its_own_ENTITY_TYPES()
    {
        await using var restricted = await TestHost.StartAsync(new Dictionary<string, string?> { ["ENTITY_TYPES"] = "person" });
        await using var open = await TestHost.StartAsync();
        var restrictedGraph = await GraphClient.SignInAsync(restricted);
        var openGraph = await GraphClient.SignInAsync(open);

        using var refused = await restrictedGraph.Http.PostAsync(new Uri("/api/v1/entities", UriKind.Relative), EntityApi.Json(new { name = "Acme", type = "organization" }));
        using var accepted = await openGraph.Http.PostAsync(new Uri("/api/v1/entities", UriKind.Relative), EntityApi.Json(new { name = "Acme", type = "organization" }));
        using var refusedAgain = await restrictedGraph.Http.PostAsync(new Uri("/api/v1/entities", UriKind.Relative), EntityApi.Json(new { name = "Acme", type = "organization" }));

        (await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors")[0].GetProperty("rule").GetString().ShouldBe("allowed_values");
        accepted.StatusCode.ShouldBe(HttpStatusCode.Created);
        await refusedAgain.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }
}
