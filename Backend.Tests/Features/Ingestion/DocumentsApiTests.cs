using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Backend.Tests.Infrastructure;
using Dapper;

namespace Backend.Tests.Features.Ingestion;

/// <summary>The documents and jobs API without a broker: validation, ownership, idempotency, listing; jobs stay queued.</summary>
public sealed class DocumentsApiTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task Without_a_broker_documents_are_accepted_and_stay_queued_in_the_outbox()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);

        var (documentId, jobId, data) = await IngestionApi.SubmitAsync(client, new { content = "no broker here", document_type = "article", source_url = "https://example.com/a" });

        data.GetProperty("document").GetProperty("status").GetString().ShouldBe("queued");
        data.GetProperty("document").GetProperty("content_bytes").GetInt32().ShouldBe(14);
        data.GetProperty("job").GetProperty("status").GetString().ShouldBe("queued");
        data.GetProperty("job").GetProperty("document_id").GetGuid().ShouldBe(documentId);
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM backend_ingest.outbox WHERE job_id = @jobId AND sent_at IS NULL", new { jobId })).ShouldBe(1);
        (await IngestionApi.GetJobAsync(client, jobId)).GetProperty("status").GetString().ShouldBe("queued");

        using var ready = await Host.Client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var readiness = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        readiness.GetProperty("status").GetString().ShouldBe("ready");
        readiness.GetProperty("broker").GetProperty("status").GetString().ShouldBe("not_configured");
        Host.Logs.Lines.ShouldContain(l => l.Contains("RABBITMQ_URL is not set: no broker configured", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_returns_the_content_to_its_owner_and_404_to_other_users()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        var (_, otherToken) = await AuthHelper.RegisterAndLoginAsync(Host);
        var (_, moderatorToken) = await AuthHelper.RegisterAndLoginAsync(Host, "moderator");
        using var client = Host.CreateClient(token);
        var (documentId, jobId, _) = await IngestionApi.SubmitAsync(client, new { content = "mine — ünïcode", title = "Private" });

        using var mine = await client.GetAsync(new Uri($"/api/v1/documents/{documentId}", UriKind.Relative));
        var document = await mine.ShouldBeEnvelopeAsync();
        document.GetProperty("content").GetString().ShouldBe("mine — ünïcode");
        document.GetProperty("content_bytes").GetInt32().ShouldBe(Encoding.UTF8.GetByteCount("mine — ünïcode"));
        document.GetProperty("job_id").GetGuid().ShouldBe(jobId);

        using var other = Host.CreateClient(otherToken);
        await (await other.GetAsync(new Uri($"/api/v1/documents/{documentId}", UriKind.Relative))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await other.GetAsync(new Uri($"/api/v1/jobs/{jobId}", UriKind.Relative))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        using var moderator = Host.CreateClient(moderatorToken);
        await (await moderator.GetAsync(new Uri($"/api/v1/documents/{documentId}", UriKind.Relative))).ShouldBeEnvelopeAsync();
        await (await Host.Client.GetAsync(new Uri($"/api/v1/documents/{documentId}", UriKind.Relative))).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("{}", "content", "required")]
    [InlineData("""{"content":"   "}""", "content", "not_blank")]
    [InlineData("""{"content":"x","document_type":"Bad Type"}""", "document_type", "identifier")]
    [InlineData("""{"content":"x","priority":"urgent"}""", "priority", "allowed_values")]
    [InlineData("""{"content":"x","source_url":"ftp://example.com/a"}""", "source_url", "url")]
    [InlineData("""{"content":"x","title":""}""", "title", "length")]
    [InlineData("""{"content":"x","config":{"confidence_threshold":1.5}}""", "config.confidence_threshold", "range")]
    [InlineData("""{"content":"x","config":{"entity_types":[]}}""", "config.entity_types", "entity_types")]
    [InlineData("""{"content":"x","config":{"language":"english!"}}""", "config.language", "language")]
    public async Task Bad_input_is_a_400_naming_the_field_and_rule(string body, string field, string rule)
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);

        foreach (var path in new[] { "/api/v1/documents", "/api/v1/entities/extract" })
        {
            using var response = await client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            problem.GetProperty("errors").EnumerateArray()
                .ShouldContain(e => e.GetProperty("field").GetString() == field && e.GetProperty("rule").GetString() == rule, problem.ToString());
        }
    }

    [Fact]
    public async Task Extract_answers_202_with_the_job_and_honours_the_idempotency_key()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var body = new { content = "Grace Hopper joined Harvard in 1944.", document_type = "text" };

        using var first = await PostWithKeyAsync(client, "/api/v1/entities/extract", body, "extract-key-1");
        var job = await first.ShouldBeEnvelopeAsync(HttpStatusCode.Accepted);
        using var replay = await PostWithKeyAsync(client, "/api/v1/entities/extract", body, "extract-key-1");
        var replayed = await replay.Content.ReadAsStringAsync();

        replay.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        replay.Headers.GetValues("Idempotent-Replayed").Single().ShouldBe("true");
        JsonDocument.Parse(replayed).RootElement.GetProperty("data").GetProperty("id").GetGuid().ShouldBe(job.GetProperty("id").GetGuid());
        first.Headers.Location!.ToString().ShouldBe($"/api/v1/jobs/{job.GetProperty("id").GetGuid()}");
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM backend_ingest.jobs WHERE document_id = @id", new { id = job.GetProperty("document_id").GetGuid() })).ShouldBe(1);

        using var reused = await PostWithKeyAsync(client, "/api/v1/entities/extract", new { content = "other text" }, "extract-key-1");
        await reused.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Listing_filters_by_status_and_type_and_pages_with_a_keyset_cursor()
    {
        var (userId, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            Host.Time.Advance(TimeSpan.FromSeconds(1));
            ids.Add((await IngestionApi.SubmitAsync(client, new { content = $"doc {i}", document_type = i % 2 == 0 ? "memo" : "report" })).DocumentId);
        }

        await using (var connection = await Host.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("UPDATE backend_ingest.jobs SET status = 'dead', last_error = 'x', failed_at = created_at WHERE document_id = @id", new { id = ids[4] });
        }

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            using var page = await client.GetAsync(new Uri("/api/v1/documents?limit=2" + (cursor is null ? string.Empty : "&cursor=" + cursor), UriKind.Relative));
            var body = JsonDocument.Parse(await page.Content.ReadAsStringAsync()).RootElement;
            page.StatusCode.ShouldBe(HttpStatusCode.OK);
            seen.AddRange(body.GetProperty("data").EnumerateArray().Select(d => d.GetProperty("id").GetGuid()));
            body.GetProperty("data").EnumerateArray().Count(d => d.TryGetProperty("content", out var _)).ShouldBe(0);
            cursor = body.GetProperty("meta").GetProperty("pagination").TryGetProperty("next_cursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);

        seen.ShouldBe(Enumerable.Reverse(ids).ToList());
        using var memos = await client.GetAsync(new Uri("/api/v1/documents?document_type=memo&status=queued", UriKind.Relative));
        (await memos.ShouldBeEnvelopeAsync()).EnumerateArray().Select(d => d.GetProperty("id").GetGuid()).ShouldBe([ids[2], ids[0]]);
        using var dead = await client.GetAsync(new Uri("/api/v1/documents?status=dead", UriKind.Relative));
        (await dead.ShouldBeEnvelopeAsync()).EnumerateArray().Select(d => d.GetProperty("id").GetGuid()).ShouldBe([ids[4]]);
        using var everyone = await client.GetAsync(new Uri("/api/v1/documents?owner=all", UriKind.Relative));
        await everyone.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        using var badCursor = await client.GetAsync(new Uri("/api/v1/documents?cursor=nonsense", UriKind.Relative));
        (await badCursor.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors")[0].GetProperty("field").GetString().ShouldBe("cursor");
        userId.ShouldNotBe(Guid.Empty);
    }

    [Fact]
    public async Task Documents_above_one_megabyte_are_accepted_up_to_document_max_bytes()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var content = new string('a', 3 * 1024 * 1024);

        var (documentId, _, data) = await IngestionApi.SubmitAsync(client, new { content });

        data.GetProperty("document").GetProperty("content_bytes").GetInt32().ShouldBe(content.Length);
        // Other endpoints keep MAX_REQUEST_BODY_BYTES (just over it, so the server answers before the client is done sending).
        using var entity = await client.PostAsJsonAsync(new Uri("/api/v1/entities", UriKind.Relative),
            new { name = "x", type = "concept", description = new string('a', (int)Host.Settings.MaxRequestBodyBytes + 10) });
        await entity.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        documentId.ShouldNotBe(Guid.Empty);
    }

    private static Task<HttpResponseMessage> PostWithKeyAsync(HttpClient client, string path, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }
}
