namespace Backend.Data.Entities;

public enum EntityWriteStatus
{
    Done,
    NotFound,
    VersionMismatch,
}

/// <summary>The outcome of an update, delete or restore; <see cref="Row"/> is the row after the change when <see cref="EntityWriteStatus.Done"/>.</summary>
public sealed record EntityWriteResult(EntityWriteStatus Status, EntityRow? Row)
{
    public static EntityWriteResult NotFound { get; } = new(EntityWriteStatus.NotFound, null);

    public static EntityWriteResult VersionMismatch { get; } = new(EntityWriteStatus.VersionMismatch, null);
}
