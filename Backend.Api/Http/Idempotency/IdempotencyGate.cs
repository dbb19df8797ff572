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
    /// Runs <paramref name="work"/> unless an earlier request with the same Idempotency-Key answers for it (replay,
    /// 409 or 422). <paramref name="work"/> gets the claimed key (null without the header) to pass to
    /// <see cref="RespondAsync"/>; when it fails or answers with a problem, the claim is released so a retry runs afresh.
    /// </summary>
    public async Task RunAsync(HttpContext context, Guid userId, object request, Func<string?, Task> work, CancellationToken ct)
    {
        var (run, key) = await BeginAsync(context, userId, request, ct);
        if (!run)
        {
            return;
        }

        try
        {
            await work(key);
        }
        catch
        {
            await ReleaseAsync(userId, key);
            throw;
        }

        if (context.Response.StatusCode >= 400)
        {
            await ReleaseAsync(userId, key);
        }
    }

    /// <summary>(false, _) when the response was already written (replay or problem); else the claimed key, if any.</summary>
    private async Task<(bool Run, string? Key)> BeginAsync(HttpContext context, Guid userId, object request, CancellationToken ct)
    {
        var key = context.Request.Headers[HeaderName].ToString();
        if (key.Length == 0)
        {
            return (true, null);
        }

        if (key.Length > 255 || key.Any(char.IsControl))
        {
            await Problems.WriteAsync(context, Problems.Create(context, 400, "The Idempotency-Key header must be 1–255 printable characters.", "validation", "Validation failed",
                [new FieldError("Idempotency-Key", "length", "must be 1–255 printable characters")]));
            return (false, null);
        }

        var hash = Hash(context, request);
        var earlier = await repository.TryClaimAsync(userId, key, context.Request.Method, context.Request.Path.Value ?? "/", hash, time.GetUtcNow(), Lifetime, ct);
        if (earlier is null)
        {
            return (true, key);
        }

        if (!string.Equals(earlier.RequestHash.Trim(), hash, StringComparison.Ordinal))
        {
            await Problems.WriteAsync(context, Problems.Create(context, 422,
                "This Idempotency-Key was already used with a different request body.", "idempotency-key-reused", "Idempotency key reused"));
        }
        else if (earlier.State != "completed")
        {
            await Problems.WriteAsync(context, Problems.Create(context, 409,
                "A request with this Idempotency-Key is still being processed; retry later.", "idempotency-in-progress", "Request in progress"));
        }
        else
        {
            context.Response.StatusCode = earlier.ResponseStatus ?? 200;
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.Headers["Idempotent-Replayed"] = "true";
            if (earlier.ResponseLocation is not null)
            {
                context.Response.Headers.Location = earlier.ResponseLocation;
            }

            await context.Response.WriteAsync(earlier.ResponseBody ?? string.Empty, ct);
        }

        return (false, null);
    }

    /// <summary>Writes the response and, when the request carried a key, stores it for replays.</summary>
    public async Task RespondAsync<T>(HttpContext context, Guid userId, string? key, int status, T body, string? location, CancellationToken ct)
    {
        var json = JsonSerializer.Serialize(body, ApiJson.Options);
        if (key is not null)
        {
            await repository.CompleteAsync(userId, key, status, json, location, ct);
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        if (location is not null)
        {
            context.Response.Headers.Location = location;
        }

        await context.Response.WriteAsync(json, ct);
    }

    /// <summary>Forgets the claim after a failure so the client's retry runs afresh.</summary>
    private Task ReleaseAsync(Guid userId, string? key) =>
        key is null ? Task.CompletedTask : repository.ReleaseAsync(userId, key, CancellationToken.None);

    private static string Hash(HttpContext context, object request)
    {
        var material = context.Request.Method + " " + context.Request.Path + "\n" + JsonSerializer.Serialize(request, request.GetType(), ApiJson.Options);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material)));
    }
}
