using System.Net;
using System.Text.Json;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Hosting;

public sealed class OpenApiTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task The_openapi_document_is_openapi_3_and_lists_the_api()
    {
        var response = await Host.Client.GetAsync(new Uri("/api/v1/openapi.json", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        document.GetProperty("openapi").GetString()!.ShouldStartWith("3.");
        document.GetProperty("info").GetProperty("title").GetString().ShouldNotBeNullOrEmpty();
        var paths = document.GetProperty("paths");
        paths.TryGetProperty("/api/v1/info", out _).ShouldBeTrue();
        paths.TryGetProperty("/health/ready", out var ready).ShouldBeTrue();
        ready.GetProperty("get").GetProperty("responses").TryGetProperty("503", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Optional_query_flags_are_not_marked_required()
    {
        var document = JsonDocument.Parse(await Host.Client.GetStringAsync(new Uri("/api/v1/openapi.json", UriKind.Relative))).RootElement;

        var parameters = document.GetProperty("paths").GetProperty("/api/v1/entities").GetProperty("get").GetProperty("parameters").EnumerateArray().ToList();

        foreach (var name in new[] { "include_total", "include_deleted", "limit", "cursor" })
        {
            var parameter = parameters.Single(p => p.GetProperty("name").GetString() == name);
            (parameter.TryGetProperty("required", out var required) && required.GetBoolean()).ShouldBeFalse(name);
        }
    }

    [Fact]
    public async Task Swagger_ui_is_served_under_api_v1_docs()
    {
        var response = await Host.Client.GetAsync(new Uri("/api/v1/docs/index.html", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("text/html");
        (await response.Content.ReadAsStringAsync()).ShouldContain("swagger", Case.Insensitive);
    }
}
