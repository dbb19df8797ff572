using System.Text.Json;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Features.Auth;

public sealed class AuthOpenApiTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task The_document_offers_the_oauth2_password_flow_and_lists_every_auth_endpoint()
    {
        var document = JsonDocument.Parse(await fixture.Host.Client.GetStringAsync(new Uri("/api/v1/openapi.json", UriKind.Relative))).RootElement;

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("OAuth2Password");
        scheme.GetProperty("flows").GetProperty("password").GetProperty("tokenUrl").GetString().ShouldBe("/api/v1/auth/token");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var path in new[] { "register", "token", "login", "refresh", "logout", "me", "password/change", "password/forgot", "password/reset", "validate", "jwks" })
        {
            paths.ShouldContain("/api/v1/auth/" + path);
        }
    }
}
