namespace Backend.Api.Features.Admin.Users.PasswordReset;

/// <summary>The reset token, shown once; the user redeems it at POST /api/v1/auth/password/reset.</summary>
internal sealed record PasswordResetIssuedResponse(Guid UserId, string ResetToken, DateTimeOffset ExpiresAt);
