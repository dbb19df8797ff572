using System.Net;
using System.Net.Http.Json;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Features.Events;

/// <summary>Changes made through the public API for the live-update tests.</summary>
internal static class EventsApi
{
    public static async Task<Guid> CreateEntityAsync(HttpClient client, string? requestId = null, string? name = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/entities", UriKind.Relative))
        {
            Content = JsonContent.Create(new { name = name ?? "Live " + Guid.NewGuid().ToString("N")[..10], type = "organization" }),
        };
        if (requestId is not null)
        {
            request.Headers.Add("X-Request-ID", requestId);
        }

        using var response = await client.SendAsync(request);
        return (await response.ShouldBeEnvelopeAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    public static bool IsCreated(SseFrame frame, Guid entityId) =>
        frame.Event == "entity.created" && frame.Json.GetProperty("data").GetProperty("id").GetGuid() == entityId;
}
