namespace Backend.Data.Auth;

/// <summary>The answer to reserving a password attempt before its hash is checked.</summary>
public enum LoginReservation
{
    /// <summary>The attempt is counted; verify the password.</summary>
    Reserved = 0,

    /// <summary>The account is locked: refuse without verifying.</summary>
    Locked = 1,

    /// <summary>LOCKOUT_THRESHOLD attempts are being verified right now: wait for them to resolve, then ask again.</summary>
    Busy = 2,
}
