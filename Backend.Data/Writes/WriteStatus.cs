namespace Backend.Data.Writes;

/// <summary>The outcome of a versioned write (update, delete, restore) of any resource.</summary>
public enum WriteStatus
{
    Done,
    NotFound,
    VersionMismatch,
    Duplicate,
}
