using Backend.Data.Audit;

namespace Backend.Api.Features.Auth.Delivery;

/// <summary>A POST password/forgot, answered already: the address as typed and who asked (for the token row and the audit trail).</summary>
internal sealed record PasswordResetRequest(string Email, AuditActor RequestedBy);
