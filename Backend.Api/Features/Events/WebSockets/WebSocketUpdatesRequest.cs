using FastEndpoints;

namespace Backend.Api.Features.Events.WebSockets;

/// <summary>
/// The query of <c>GET /ws/updates</c>: a browser's single-use <c>ticket</c>, the position to resume <c>after</c>, and the
/// filters (<c>types</c>, <c>entity_id</c>). The endpoint reads them raw so a bad value closes the socket with a reason.
/// </summary>
internal sealed class WebSocketUpdatesRequest
{
    [QueryParam, BindFrom("ticket")]
    public string? Ticket { get; init; }

    [QueryParam, BindFrom("after")]
    public string? After { get; init; }

    [QueryParam, BindFrom("types")]
    public string? Types { get; init; }

    [QueryParam, BindFrom("entity_id")]
    public string? EntityId { get; init; }
}
