using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Backend.Data.Idempotency;

namespace Backend.Api.Http.Idempotency;

/// <summary>
/// Idempotency-Key for create endpoints, after the IETF draft: the same key and body replays the stored
/// response, the same key with another body is 422, a retry while the first request still runs is 409.
/// </summary>
internal sealed class IdempotencyGate(IdempotencyRepository repository, TimeProvider time)
{
    public const string HeaderName = "Idempotency-Key";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>
    /// The outcome of <paramref name="work"/>, unless an earlier request with the same Idempotency-Key answers for it
    /// (a replay of its stored response, 409 or 422). A successful fresh outcome is stored for replays; after a failure
    /// or a problem the claim is released so a retry runs afresh.
    /// </summary>
    public async Task<IResult> RunAsync(HttpContext context, Guid userId, object request, Func<CancellationToken, Task<IResult>> work, CancellationToken ct)
    {
        var key = context.Request.Headers[HeaderName].ToString();
        if (key.Length == 0)
        {
            return await work(ct);
        }

        if (key.Length > 255 || key.Any(char.IsControl))
        {
            return ProblemResult.Validation(context, [new FieldError(HeaderName, "length", "must be 1–255 printable characters")],
                "The Idempotency-Key header must be 1–255 printable characters.");
        }

        var hash = Hash(context, request);
        var earlier = await repository.TryClaimAsync(userId, key, context.Request.Method, context.Request.Path.Value ?? "/", hash, time.GetUtcNow(), Lifetime, ct);
        if (earlier is not null)
        {
            return !string.Equals(earlier.RequestHash.Trim(), hash, StringComparison.Ordinal)
                ? ProblemResult.Of(context, 422, "This Idempotency-Key was already used with a different request body.", "idempotency-key-reused", "Idempotency key reused")
                : earlier.State != "completed"
                    ? ProblemResult.Of(context, 409, "A request with this Idempotency-Key is still being processed; retry later.", "idempotency-in-progress", "Request in progress")
                    : new ReplayedResponse(earlier);
        }

        IResult fresh;
        try
        {
            fresh = await work(ct);
        }
        catch
        {
            await ReleaseAsync(userId, key);
            throw;
        }

        if (fresh is IStatusCodeHttpResult { StatusCode: < 400 and var status } && fresh is IValueHttpResult { Value: { } body })
        {
            var location = (fresh as IRepresentation)?.Location;
            await repository.CompleteAsync(userId, key, status, JsonSerializer.Serialize(body, body.GetType(), ApiJson.Options), location, ct);
        }
        else
        {
            await ReleaseAsync(userId, key);
        }

        return fresh;
    }

    /// <summary>Forgets the claim after a failure so the client's retry runs afresh.</summary>
    private Task ReleaseAsync(Guid userId, string key) => repository.ReleaseAsync(userId, key, CancellationToken.None);

    private static string Hash(HttpContext context, object request)
    {
        var material = context.Request.Method + " " + context.Request.Path + "\n" + JsonSerializer.Serialize(request, request.GetType(), ApiJson.Options);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material)));
    }
}
