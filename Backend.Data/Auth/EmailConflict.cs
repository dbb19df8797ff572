namespace Backend.Data.Auth;

/// <summary>An account whose canonical email <paramref name="HolderId"/> already holds; reported, never merged.</summary>
public sealed record EmailConflict(Guid UserId, string Email, string Canonical, Guid HolderId);
