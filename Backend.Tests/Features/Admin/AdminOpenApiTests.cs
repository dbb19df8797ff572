using System.Text.Json;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Features.Admin;

public sealed class AdminOpenApiTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task The_document_lists_every_admin_endpoint_and_the_api_key_scheme()
    {
        var document = JsonDocument.Parse(await fixture.Host.Client.GetStringAsync(new Uri("/api/v1/openapi.json", UriKind.Relative))).RootElement;

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        scheme.GetProperty("name").GetString().ShouldBe("X-API-Key");
        scheme.GetProperty("in").GetString().ShouldBe("header");
        var paths = document.GetProperty("paths");
        var expected = new Dictionary<string, string[]>
        {
            ["/api/v1/admin/users"] = ["get"],
            ["/api/v1/admin/users/{id}"] = ["get", "patch"],
            ["/api/v1/admin/users/{id}/deactivate"] = ["post"],
            ["/api/v1/admin/users/{id}/unlock"] = ["post"],
            ["/api/v1/admin/users/{id}/sessions/revoke"] = ["post"],
            ["/api/v1/admin/users/{id}/password-reset"] = ["post"],
            ["/api/v1/admin/api-keys"] = ["get", "post"],
            ["/api/v1/admin/api-keys/{id}"] = ["get", "delete"],
            ["/api/v1/admin/audit"] = ["get"],
        };
        foreach (var (path, methods) in expected)
        {
            paths.TryGetProperty(path, out var item).ShouldBeTrue(path);
            foreach (var method in methods)
            {
                var responses = item.GetProperty(method).GetProperty("responses");
                responses.TryGetProperty("401", out _).ShouldBeTrue($"{method} {path} documents 401");
                responses.TryGetProperty("403", out _).ShouldBeTrue($"{method} {path} documents 403");
            }
        }
    }
}
