using System.Net;
using System.Text.Json;

namespace Backend.Tests.Infrastructure;

internal static class HttpAssertions
{
    /// <summary>Asserts a problem+json response of the given status with the brief's fields, and returns its body.</summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", body);
        var json = JsonDocument.Parse(body).RootElement.Clone();
        json.GetProperty("status").GetInt32().ShouldBe((int)status);
        json.GetProperty("type").GetString().ShouldNotBeNullOrEmpty();
        json.GetProperty("title").GetString().ShouldNotBeNullOrEmpty();
        json.GetProperty("detail").GetString().ShouldNotBeNullOrEmpty();
        json.GetProperty("instance").GetString().ShouldNotBeNullOrEmpty();
        var requestId = json.GetProperty("request_id").GetString();
        requestId.ShouldNotBeNullOrEmpty();
        response.Headers.GetValues("X-Request-ID").Single().ShouldBe(requestId);
        return json;
    }

    public static async Task<JsonElement> ShouldBeEnvelopeAsync(this HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json", body);
        var json = JsonDocument.Parse(body).RootElement.Clone();
        json.GetProperty("errors").GetArrayLength().ShouldBe(0);
        var meta = json.GetProperty("meta");
        meta.GetProperty("request_id").GetString().ShouldBe(response.Headers.GetValues("X-Request-ID").Single());
        meta.GetProperty("timestamp").GetString().ShouldEndWith("Z");
        return json.GetProperty("data");
    }
}
