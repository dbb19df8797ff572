namespace Backend.Data.Auth;

/// <summary>What access-token validation needs about a user on every request.</summary>
public sealed record TokenState(DateTime TokensValidAfter, bool IsActive, string Role);
