namespace Backend.Api.Features.Events.Tickets;

/// <summary>A single-use ticket for <c>/ws/updates?ticket=…</c>, valid until <paramref name="ExpiresAt"/>.</summary>
internal sealed record StreamTicketResponse(string Ticket, DateTimeOffset ExpiresAt, string Url);
