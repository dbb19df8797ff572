namespace Backend.Data.Events;

/// <summary>The identity a WebSocket ticket was issued to: the access token's issue time, or the API key it came from.</summary>
public sealed record StreamTicket(Guid UserId, string Role, DateTime? TokenIssuedAt, Guid? ApiKeyId);
