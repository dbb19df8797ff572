using Backend.Data.Writes;

namespace Backend.Api.Http;

/// <summary>
/// The one ladder of every versioned write (PUT, PATCH, DELETE, restore; entities and relationships):
/// 404 (nothing visible) → 403 (not the caller's to change) → 412 (RFC 9110 preconditions against the current ETag) →
/// an answer that needs no write (deleting what is already deleted) → 400 (the change is invalid) → the write,
/// guarded by the version the preconditions were checked against → 404, 409 (duplicate, or changed meanwhile without
/// preconditions) or 412 (changed meanwhile, with preconditions) when it misses.
/// </summary>
internal sealed class VersionedWrite<TRow>
    where TRow : class
{
    /// <summary>What problems call the resource: <c>entity</c>, <c>relationship</c>.</summary>
    public required string Noun { get; init; }

    public required Guid Id { get; init; }

    /// <summary>The current row, or null when there is none the caller may see (404).</summary>
    public required Func<CancellationToken, Task<TRow?>> Load { get; init; }

    public required Func<TRow, int> Version { get; init; }

    public required Func<TRow, bool> CanModify { get; init; }

    /// <summary>An answer that needs no write (checked after the preconditions), or null to go on.</summary>
    public Func<TRow, IResult?> Settled { get; init; } = _ => null;

    /// <summary>The write to perform on the current row (it gets the version to guard with), or the field errors (400).</summary>
    public required Func<TRow, WritePlan<TRow>> Plan { get; init; }

    /// <summary>The success answer for the row after the write.</summary>
    public required Func<TRow, IResult> Respond { get; init; }

    /// <summary>The answer when the row disappeared between the read and the write (default 404).</summary>
    public Func<IResult>? Missed { get; init; }

    /// <summary>The answer when the write would duplicate another row (409).</summary>
    public Func<IResult>? Duplicate { get; init; }

    public async Task<IResult> RunAsync(HttpContext context, CancellationToken ct)
    {
        var current = await Load(ct);
        if (current is null)
        {
            return ProblemResult.NotFound(context, Noun, Id);
        }

        if (!CanModify(current))
        {
            return ProblemResult.Of(context, 403, $"Only its creator, a moderator or an admin may change this {Noun}.");
        }

        var version = Version(current);
        if (ETags.Evaluate(context.Request, version) != Precondition.Proceed)
        {
            return ProblemResult.PreconditionFailed(context, Noun, version);
        }

        if (Settled(current) is { } settled)
        {
            return settled;
        }

        var plan = Plan(current);
        if (plan.Write is null)
        {
            return ProblemResult.Validation(context, plan.Errors ?? []);
        }

        var result = await plan.Write(version, ct);
        return result.Status switch
        {
            WriteStatus.Done => Respond(result.Row!),
            WriteStatus.NotFound => Missed?.Invoke() ?? ProblemResult.NotFound(context, Noun, Id),
            WriteStatus.Duplicate when Duplicate is not null => Duplicate(),
            WriteStatus.Duplicate => ProblemResult.Of(context, 409, $"The change would duplicate another {Noun}."),
            _ when ETags.HasPreconditions(context.Request) => ProblemResult.PreconditionFailed(context, Noun, null),
            _ => ProblemResult.Of(context, 409, $"The {Noun} was changed by another request meanwhile; read it again and retry.", "concurrent-update", "Concurrent update"),
        };
    }
}
