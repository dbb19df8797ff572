namespace Backend.Data.Auth;

/// <summary>The account's state after a failed login: <c>JustLocked</c> when this failure reached the threshold.</summary>
public sealed record LockoutState(bool JustLocked, DateTime? LockedUntil, int LockoutCount);
