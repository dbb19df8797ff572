namespace Backend.Data.Auth;

public sealed record RefreshTokenRow(Guid Id, Guid UserId, Guid FamilyId, DateTime ExpiresAt, DateTime? UsedAt, DateTime? RevokedAt);
