using Backend.Data.Auth;

namespace Backend.Data.Admin;

public enum UserChangeStatus
{
    Changed,
    NotFound,
    LastAdmin,
}

/// <summary>The result of an admin change: the account afterwards, and whether its sessions were ended.</summary>
public sealed record UserChangeOutcome(UserChangeStatus Status, UserRow? User, bool SessionsEnded);
