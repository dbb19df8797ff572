namespace Backend.Api.Features.Auth.Delivery;

/// <summary>What the user needs to reset the password. <c>Token</c> is a secret: never log it.</summary>
internal sealed record PasswordResetMessage(Guid UserId, string Email, string FirstName, string Token, DateTimeOffset ExpiresAt);
