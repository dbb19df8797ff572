using System.Net;
using System.Text;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Features.Ingestion;

/// <summary>DOCUMENT_MAX_BYTES bounds the content (400 max_bytes) and, with room for JSON, the body of the submit endpoints (413).</summary>
public sealed class DocumentSizeLimitTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync(new Dictionary<string, string?> { ["DOCUMENT_MAX_BYTES"] = "1000" });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Content_above_document_max_bytes_is_a_400_and_a_body_far_above_it_a_413()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(_host);
        using var client = _host.CreateClient(token);

        // 999 bytes of "é" (2 bytes each) is 1,000 characters but 1,998 bytes of UTF-8.
        using var tooLong = await client.PostAsync(new Uri("/api/v1/documents", UriKind.Relative),
            new StringContent("{\"content\":\"" + new string('é', 999) + "\"}", Encoding.UTF8, "application/json"));
        var problem = await tooLong.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors")[0].GetProperty("field").GetString().ShouldBe("content");
        problem.GetProperty("errors")[0].GetProperty("rule").GetString().ShouldBe("max_bytes");

        using var fits = await client.PostAsync(new Uri("/api/v1/documents", UriKind.Relative),
            new StringContent("{\"content\":\"" + new string('a', 1000) + "\"}", Encoding.UTF8, "application/json"));
        fits.StatusCode.ShouldBe(HttpStatusCode.Accepted);

        using var huge = await client.PostAsync(new Uri("/api/v1/entities/extract", UriKind.Relative),
            new StringContent("{\"content\":\"" + new string('a', (int)_host.Settings.Ingestion.RequestBodyLimit + 10) + "\"}", Encoding.UTF8, "application/json"));
        await huge.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }
}
