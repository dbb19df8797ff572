using Backend.Api.Features.Events.Streaming;
using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Events;
using FastEndpoints;

namespace Backend.Api.Features.Events.Tickets;

/// <summary>
/// <c>POST /api/v1/events/ticket</c>: browsers cannot set headers on a WebSocket, so they trade their credential (cookie
/// with the CSRF header, bearer or API key) for a single-use ticket valid EVENTS_TICKET_TTL, put in the /ws/updates URL.
/// </summary>
internal sealed class CreateStreamTicketEndpoint(StreamAccessRepository tickets, EventsSettings settings, TimeProvider time)
    : EndpointWithoutRequest<Envelope<StreamTicketResponse>>
{
    public override void Configure()
    {
        Post("ticket");
        Group<EventsGroup>();
        Policies(AuthPolicies.User);
        Description(b => b.ClearDefaultAccepts().ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(403, Problems.ContentType)
            .ProducesProblemDetails(503, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "Get a WebSocket ticket";
            s.Description = "A single-use ticket for GET /ws/updates?ticket=…, valid for EVENTS_TICKET_TTL (default 30 s). The stream acts with the " +
                "caller's identity and is re-checked for revocation like the credential that asked for the ticket.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        if (EventReader.From(User) is not { } reader)
        {
            await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 401, "The credential does not identify a user."));
            return;
        }

        var now = time.GetUtcNow();
        var ticket = StreamTickets.Generate();
        var expiresAt = now + settings.TicketTtl;
        await tickets.CreateTicketAsync(
            StreamTickets.Hash(ticket),
            new StreamTicket(reader.UserId, reader.Role, reader.TokenIssuedAt?.UtcDateTime, reader.ApiKeyId),
            expiresAt,
            now,
            ct);
        await Send.OkAsync(Envelope.Of(HttpContext, new StreamTicketResponse(ticket, expiresAt, "/ws/updates?ticket=" + ticket)), ct);
    }
}
