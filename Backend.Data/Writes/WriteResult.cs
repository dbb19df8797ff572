namespace Backend.Data.Writes;

/// <summary>A versioned write's outcome; <see cref="Row"/> is the row after the change when <see cref="WriteStatus.Done"/>.</summary>
public sealed record WriteResult<TRow>(WriteStatus Status, TRow? Row)
    where TRow : class
{
    public static WriteResult<TRow> NotFound { get; } = new(WriteStatus.NotFound, null);

    public static WriteResult<TRow> VersionMismatch { get; } = new(WriteStatus.VersionMismatch, null);

    public static WriteResult<TRow> Duplicate { get; } = new(WriteStatus.Duplicate, null);

    public static WriteResult<TRow> Done(TRow row) => new(WriteStatus.Done, row);
}
