using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Features.Ingestion;

/// <summary>Calls of the ingestion endpoints shared by the tests.</summary>
internal static class IngestionApi
{
    public static async Task<(Guid DocumentId, Guid JobId, JsonElement Data)> SubmitAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/api/v1/documents", UriKind.Relative), body);
        var data = await response.ShouldBeEnvelopeAsync(HttpStatusCode.Accepted);
        var jobId = data.GetProperty("job").GetProperty("id").GetGuid();
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/jobs/{jobId}");
        return (data.GetProperty("document").GetProperty("id").GetGuid(), jobId, data);
    }

    public static async Task<JsonElement> GetJobAsync(HttpClient client, Guid jobId)
    {
        using var response = await client.GetAsync(new Uri($"/api/v1/jobs/{jobId}", UriKind.Relative));
        return await response.ShouldBeEnvelopeAsync();
    }

    /// <summary>Polls the job until it reaches <paramref name="status"/> (bounded by the stand-in's patience).</summary>
    public static async Task<JsonElement> WaitForJobAsync(HttpClient client, Guid jobId, string status)
    {
        var deadline = DateTime.UtcNow + AiModuleStandIn.Patience;
        while (true)
        {
            var job = await GetJobAsync(client, jobId);
            if (job.GetProperty("status").GetString() == status)
            {
                return job;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Job {jobId} is {job.GetProperty("status").GetString()}, not {status}: {job}");
            }

            await Task.Delay(50);
        }
    }

    public static string Result(Guid jobId, string entitiesJson, string relationshipsJson, int entities, int relationships) =>
        "{\"job_id\":\"" + jobId + "\",\"status\":\"completed\",\"result\":{\"entities\":" + entitiesJson + ",\"relationships\":" + relationshipsJson +
        ",\"stats\":{\"entities_extracted\":" + entities + ",\"relationships_found\":" + relationships + ",\"processing_time_seconds\":1.25}},\"completed_at\":\"2026-11-29T12:00:00Z\"}";

    public static string Error(Guid jobId, int retryCount, string error = "model timeout") => $$"""
        {"job_id":"{{jobId}}","status":"failed","error":"{{error}}","retry_count":{{retryCount}},"failed_at":"2026-11-29T12:00:00Z"}
        """;
}
