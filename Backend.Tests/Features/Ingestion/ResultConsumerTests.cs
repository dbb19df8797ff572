using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Backend.Tests.Infrastructure;
using Dapper;

namespace Backend.Tests.Features.Ingestion;

/// <summary>Results and errors from the AI module applied to the graph and the jobs, through a real broker.</summary>
public sealed class ResultConsumerTests(IngestionFixture fixture) : IClassFixture<IngestionFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task A_result_creates_entities_relationships_and_provenance_and_completes_the_job()
    {
        var (userId, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        await using var ai = await AiModuleStandIn.ConnectAsync(fixture.BrokerUrl);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (documentId, jobId, _) = await IngestionApi.SubmitAsync(client, new { content = "Ada and Charles in London", title = "Ada" });
        await ai.NextAsync("ai.jobs.normal");

        await ai.PublishAsync("ai.results", IngestionApi.Result(
            jobId,
            $$"""[{"id":"e1","text":"Ada Lovelace {{tag}}","type":"PERSON","confidence":0.97},{"id":2,"text":"London {{tag}}","type":"location","confidence":0.9}]""",
            """[{"source":"e1","target":2,"type":"lived_in","confidence":0.8}]""",
            2,
            1));
        var job = await IngestionApi.WaitForJobAsync(client, jobId, "completed");

        job.GetProperty("entities_extracted").GetInt32().ShouldBe(2);
        job.GetProperty("relationships_found").GetInt32().ShouldBe(1);
        job.GetProperty("processing_seconds").GetDouble().ShouldBe(1.25);
        job.GetProperty("completed_at").GetString().ShouldNotBeNull();
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        var entities = (await connection.QueryAsync<(Guid Id, string Name, string Type, string SourceType, string ExtractionMethod, string Source, Guid CreatedBy)>(
            "SELECT id, name, type, source_type, extraction_method, source, created_by FROM backend_entities.entities WHERE name LIKE @pattern ORDER BY name",
            new { pattern = "%" + tag })).ToList();
        entities.Select(e => (e.Name, e.Type)).ShouldBe([("Ada Lovelace " + tag, "person"), ("London " + tag, "location")]);
        entities.ShouldAllBe(e => e.SourceType == "document" && e.ExtractionMethod == "ai_extraction" && e.Source == $"/api/v1/documents/{documentId}" && e.CreatedBy == userId);

        using var documents = await client.GetAsync(new Uri($"/api/v1/entities/{entities[0].Id}/documents", UriKind.Relative));
        var mentions = await documents.ShouldBeEnvelopeAsync();
        mentions.GetArrayLength().ShouldBe(1);
        mentions[0].GetProperty("document_id").GetGuid().ShouldBe(documentId);
        mentions[0].GetProperty("job_id").GetGuid().ShouldBe(jobId);
        mentions[0].GetProperty("title").GetString().ShouldBe("Ada");
        mentions[0].GetProperty("mention_text").GetString().ShouldBe("Ada Lovelace " + tag);

        using var relationships = await client.GetAsync(new Uri($"/api/v1/entities/{entities[0].Id}/relationships", UriKind.Relative));
        var edges = await relationships.ShouldBeEnvelopeAsync();
        edges.GetArrayLength().ShouldBe(1);
        var relationshipId = edges[0].GetProperty("id").GetGuid();
        edges[0].GetProperty("target_entity_id").GetGuid().ShouldBe(entities[1].Id);
        edges[0].GetProperty("relationship_type").GetString().ShouldBe("lived_in");
        using var edgeDocuments = await client.GetAsync(new Uri($"/api/v1/relationships/{relationshipId}/documents", UriKind.Relative));
        (await edgeDocuments.ShouldBeEnvelopeAsync())[0].GetProperty("document_id").GetGuid().ShouldBe(documentId);

        await Host.Logs.WaitForAsync(e => e.TryGetProperty("job_id", out var id) && id.GetString() == jobId.ToString()
            && e.GetProperty("message").GetString()!.StartsWith("Applied the result", StringComparison.Ordinal)
            && e.GetProperty("correlation_id").GetString() == job.GetProperty("correlation_id").GetString());

        // The series of the ingestion (process-wide counters, so only "at least one").
        var metrics = await Host.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        MetricValue(metrics, "backend_ingest_messages_consumed_total{queue=\"ai.results\",outcome=\"applied\"}").ShouldBeGreaterThanOrEqualTo(1);
        MetricValue(metrics, "backend_outbox_messages_total{outcome=\"confirmed\"}").ShouldBeGreaterThanOrEqualTo(1);
        MetricValue(metrics, "backend_ingest_entities_upserted_total{outcome=\"created\"}").ShouldBeGreaterThanOrEqualTo(2);
        MetricValue(metrics, "backend_ingest_job_duration_seconds_count").ShouldBeGreaterThanOrEqualTo(1);
        metrics.ShouldContain("backend_outbox_oldest_pending_age_seconds ");
    }

    private static double MetricValue(string scrape, string series)
    {
        var line = scrape.Split('\n').SingleOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        line.ShouldNotBeNull($"{series} is not in the scrape");
        return double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_redelivered_result_changes_nothing()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        await using var ai = await AiModuleStandIn.ConnectAsync(fixture.BrokerUrl);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (documentId, jobId, _) = await IngestionApi.SubmitAsync(client, new { content = "twice" });
        await ai.NextAsync("ai.jobs.normal");
        var result = IngestionApi.Result(jobId, $$"""[{"id":"a","text":"Twice {{tag}}","type":"concept","confidence":0.5},{"id":"b","text":"Other {{tag}}","type":"concept","confidence":0.5}]""",
            """[{"source":"a","target":"b","type":"related_to"}]""", 2, 1);

        await ai.PublishAsync("ai.results", result, "result-message-1");
        await IngestionApi.WaitForJobAsync(client, jobId, "completed");
        await ai.PublishAsync("ai.results", result, "result-message-1");
        await Host.Logs.WaitForAsync(e => e.TryGetProperty("job_id", out var id) && id.GetString() == jobId.ToString()
            && e.GetProperty("message").GetString()!.Contains("already applied", StringComparison.Ordinal), AiModuleStandIn.Patience);

        await using var connection = await Host.DataSource.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM backend_entities.entities WHERE name LIKE @p", new { p = "%" + tag })).ShouldBe(2);
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM backend_ingest.entity_mentions WHERE document_id = @documentId", new { documentId })).ShouldBe(2);
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM backend_ingest.relationship_mentions WHERE document_id = @documentId", new { documentId })).ShouldBe(1);
    }

    [Fact]
    public async Task An_extracted_entity_merges_with_the_active_entity_of_the_same_canonical_name_and_type()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        await using var ai = await AiModuleStandIn.ConnectAsync(fixture.BrokerUrl);
        var tag = Guid.NewGuid().ToString("N")[..8];
        using var created = await client.PostAsJsonAsync(new Uri("/api/v1/entities", UriKind.Relative), new { name = $"Acme Robotics {tag}", type = "organization" });
        var existingId = (await created.ShouldBeEnvelopeAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var (documentId, jobId, _) = await IngestionApi.SubmitAsync(client, new { content = "acme" });
        await ai.NextAsync("ai.jobs.normal");

        await ai.PublishAsync("ai.results", IngestionApi.Result(jobId,
            $$"""[{"id":"1","text":"  acme   ROBOTICS {{tag.ToUpperInvariant()}} ","type":"organization","confidence":0.6},{"id":"2","text":"Acme Robotics {{tag}}","type":"product","confidence":0.6}]""",
            "[]", 2, 0));
        await IngestionApi.WaitForJobAsync(client, jobId, "completed");

        await using var connection = await Host.DataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<(Guid Id, string Type, string? ExtractionMethod)>(
            "SELECT id, type, extraction_method FROM backend_entities.entities WHERE lower(name) LIKE @p ORDER BY type", new { p = "%acme%robotics%" + tag })).ToList();
        rows.Count.ShouldBe(2);
        rows[0].ShouldBe((existingId, "organization", null));
        rows[1].Type.ShouldBe("product");
        rows[1].ExtractionMethod.ShouldBe("ai_extraction");
        (await connection.QueryAsync<Guid>("SELECT entity_id FROM backend_ingest.entity_mentions WHERE document_id = @documentId ORDER BY entity_id", new { documentId }))
            .ShouldBe(rows.Select(r => r.Id).Order());
    }

    [Fact]
    public async Task An_error_schedules_retries_with_backoff_then_the_job_is_dead()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        await using var ai = await AiModuleStandIn.ConnectAsync(fixture.BrokerUrl);
        var (_, jobId, _) = await IngestionApi.SubmitAsync(client, new { content = "flaky", priority = "low" });
        var first = await ai.NextAsync("ai.jobs.low");

        await ai.PublishAsync("ai.errors", IngestionApi.Error(jobId, 0));
        var failed = await IngestionApi.WaitForJobAsync(client, jobId, "failed");
        failed.GetProperty("last_error").GetString().ShouldBe("model timeout");
        failed.GetProperty("retry_count").GetInt32().ShouldBe(1);
        var nextAttempt = failed.GetProperty("next_attempt_at").GetDateTimeOffset();
        // Backoff of retry 1: between half and all of base (1 min) × 2⁰, on the host's clock.
        (nextAttempt - Host.Time.GetUtcNow()).ShouldBeInRange(TimeSpan.FromSeconds(29), TimeSpan.FromSeconds(61));
        (await ai.TryNextAsync("ai.jobs.low")).ShouldBeNull();

        Host.Time.Advance(TimeSpan.FromMinutes(1));
        var second = await ai.NextAsync("ai.jobs.low");
        var body = Encoding.UTF8.GetString(second.Body.Span);
        body.ShouldEndWith(",\"retry_count\":1}");
        body[..^"1}".Length].ShouldBe(Encoding.UTF8.GetString(first.Body.Span)[..^"0}".Length]);
        second.BasicProperties.MessageId.ShouldNotBe(first.BasicProperties.MessageId);
        await IngestionApi.WaitForJobAsync(client, jobId, "dispatched");

        await ai.PublishAsync("ai.errors", IngestionApi.Error(jobId, 1));
        await IngestionApi.WaitForJobAsync(client, jobId, "failed");
        Host.Time.Advance(TimeSpan.FromMinutes(2));
        Encoding.UTF8.GetString((await ai.NextAsync("ai.jobs.low")).Body.Span).ShouldEndWith(",\"retry_count\":2}");
        await IngestionApi.WaitForJobAsync(client, jobId, "dispatched");

        await ai.PublishAsync("ai.errors", IngestionApi.Error(jobId, 2, "out of memory"));
        var dead = await IngestionApi.WaitForJobAsync(client, jobId, "dead");
        dead.GetProperty("last_error").GetString().ShouldBe("out of memory");
        dead.GetProperty("attempts").GetInt32().ShouldBe(3);

        // A redelivered error of an earlier attempt changes nothing.
        await ai.PublishAsync("ai.errors", IngestionApi.Error(jobId, 1));
        await Host.Logs.WaitForAsync(e => e.TryGetProperty("job_id", out var id) && id.GetString() == jobId.ToString()
            && e.GetProperty("message").GetString()!.Contains("already handled", StringComparison.Ordinal), AiModuleStandIn.Patience);
        (await IngestionApi.GetJobAsync(client, jobId)).GetProperty("status").GetString().ShouldBe("dead");
    }

    [Fact]
    public async Task A_dead_job_can_be_retried_by_its_owner_and_not_by_others()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        var (_, otherToken) = await AuthHelper.RegisterAndLoginAsync(Host);
        var (_, moderatorToken) = await AuthHelper.RegisterAndLoginAsync(Host, "moderator");
        using var client = Host.CreateClient(token);
        using var other = Host.CreateClient(otherToken);
        using var moderator = Host.CreateClient(moderatorToken);
        await using var ai = await AiModuleStandIn.ConnectAsync(fixture.BrokerUrl);
        var (_, jobId, _) = await IngestionApi.SubmitAsync(client, new { content = "retry me", priority = "high" });
        await ai.NextAsync("ai.jobs.high");

        using (var early = await client.PostAsync(new Uri($"/api/v1/jobs/{jobId}/retry", UriKind.Relative), null))
        {
            await early.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        }

        await ai.PublishAsync("ai.results", """{"job_id":"not-a-uuid"}""");
        await ai.PublishAsync("ai.results", IngestionApi.Result(jobId, """[{"id":"1","text":"","type":"person","confidence":0.5}]""", "[]", 1, 0));
        var dead = await IngestionApi.WaitForJobAsync(client, jobId, "dead");
        dead.GetProperty("last_error").GetString()!.ShouldStartWith("result refused: result.entities[0].text");

        using (var foreign = await other.PostAsync(new Uri($"/api/v1/jobs/{jobId}/retry", UriKind.Relative), null))
        {
            await foreign.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }

        using var retried = await moderator.PostAsync(new Uri($"/api/v1/jobs/{jobId}/retry", UriKind.Relative), null);
        var job = await retried.ShouldBeEnvelopeAsync(HttpStatusCode.Accepted);
        retried.Headers.Location!.ToString().ShouldBe($"/api/v1/jobs/{jobId}");
        job.GetProperty("retry_count").GetInt32().ShouldBe(1);
        var again = await ai.NextAsync("ai.jobs.high");
        Encoding.UTF8.GetString(again.Body.Span).ShouldEndWith("\"retry_count\":1}");
        await IngestionApi.WaitForJobAsync(client, jobId, "dispatched");
    }

    [Fact]
    public async Task A_poison_message_is_dead_lettered_with_its_reason_and_the_next_message_is_processed()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        await using var ai = await AiModuleStandIn.ConnectAsync(fixture.BrokerUrl);
        var (_, jobId, _) = await IngestionApi.SubmitAsync(client, new { content = "after poison" });
        await ai.NextAsync("ai.jobs.normal");
        var unknownJob = Guid.NewGuid();

        await ai.PublishAsync("ai.results", "this is {not json", "poison-1");
        await ai.PublishAsync("ai.results", IngestionApi.Result(unknownJob, "[]", "[]", 0, 0), "unknown-job-1");
        await ai.PublishAsync("ai.results", IngestionApi.Result(jobId, """[{"id":"x","text":"Survivor","type":"concept","confidence":1}]""",
            """[{"source":"x","target":"missing","type":"knows"}]""".Replace("missing", "x2", StringComparison.Ordinal), 1, 1), "bad-reference-1");
        await ai.PublishAsync("ai.errors", """{"job_id":"0193aaaa-0000-7000-8000-000000000000","status":"failed"}""", "poison-error-1");
        await ai.PublishAsync("ai.results", IngestionApi.Result(jobId, "[]", "[]", 0, 0), "good-1");

        var letters = new Dictionary<string, (string Reason, string Queue)>();
        for (var i = 0; i < 4; i++)
        {
            var letter = await ai.NextAsync("backend.ingest.dead_letter");
            letters[letter.BasicProperties.MessageId!] = (
                Encoding.UTF8.GetString((byte[])letter.BasicProperties.Headers!["x-dead-letter-reason"]!),
                Encoding.UTF8.GetString((byte[])letter.BasicProperties.Headers!["x-original-queue"]!));
            if (letter.BasicProperties.MessageId == "poison-1")
            {
                Encoding.UTF8.GetString(letter.Body.Span).ShouldBe("this is {not json");
            }
        }

        letters["poison-1"].Reason.ShouldStartWith("malformed result: the body is not valid JSON");
        letters["poison-1"].Queue.ShouldBe("ai.results");
        letters["unknown-job-1"].Reason.ShouldBe($"unknown job {unknownJob}");
        letters["bad-reference-1"].Reason.ShouldBe("malformed result: result.relationships[0].source and .target must be ids of result.entities");
        letters["poison-error-1"].Reason.ShouldBe("malformed error: error must be a non-empty string");
        letters["poison-error-1"].Queue.ShouldBe("ai.errors");
        // The refused result killed the job; the good result after it still completes it (late results are applied).
        await IngestionApi.WaitForJobAsync(client, jobId, "completed");
    }

    [Fact]
    public async Task The_dashboard_reports_counts_and_jobs_by_status()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);

        using var response = await client.GetAsync(new Uri("/api/v1/dashboard", UriKind.Relative));
        var data = await response.ShouldBeEnvelopeAsync();

        await using var connection = await Host.DataSource.OpenConnectionAsync();
        data.GetProperty("counts_estimated").GetBoolean().ShouldBeFalse();
        var status = data.GetProperty("processing_status");
        foreach (var name in new[] { "queued", "dispatched", "completed", "failed", "dead" })
        {
            status.GetProperty(name).ValueKind.ShouldBe(JsonValueKind.Number);
        }

        var documents = data.GetProperty("documents_count").GetInt64();
        var jobs = new[] { "queued", "dispatched", "completed", "failed", "dead" }.Sum(n => status.GetProperty(n).GetInt64());
        jobs.ShouldBe(documents);
        data.GetProperty("entities_count").GetInt64().ShouldBeGreaterThanOrEqualTo(0);
    }
}
