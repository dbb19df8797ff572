using Backend.Data.Writes;

namespace Backend.Api.Http;

/// <summary>The write step of a <see cref="VersionedWrite{TRow}"/>: the write to run (given the version to guard with), or why the change is invalid.</summary>
internal sealed record WritePlan<TRow>(Func<int, CancellationToken, Task<WriteResult<TRow>>>? Write, IReadOnlyList<FieldError>? Errors)
    where TRow : class
{
    public static WritePlan<TRow> Run(Func<int, CancellationToken, Task<WriteResult<TRow>>> write) => new(write, null);

    public static WritePlan<TRow> Invalid(IReadOnlyList<FieldError> errors) => new(null, errors);
}
