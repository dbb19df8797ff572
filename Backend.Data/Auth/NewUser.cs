namespace Backend.Data.Auth;

/// <summary>A new account: <paramref name="Email"/> as typed (for display), <paramref name="EmailCanonical"/> for lookups and uniqueness.</summary>
public sealed record NewUser(Guid Id, string Email, string EmailCanonical, string PasswordHash, string FirstName, string LastName, string Role, DateTimeOffset Now);
