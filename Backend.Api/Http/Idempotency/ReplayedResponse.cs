using Backend.Data.Idempotency;

namespace Backend.Api.Http.Idempotency;

/// <summary>The stored response of an earlier request with the same Idempotency-Key, marked <c>Idempotent-Replayed: true</c>.</summary>
internal sealed class ReplayedResponse(IdempotencyRecord record) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = record.ResponseStatus ?? 200;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        httpContext.Response.Headers["Idempotent-Replayed"] = "true";
        if (record.ResponseLocation is not null)
        {
            httpContext.Response.Headers.Location = record.ResponseLocation;
        }

        await httpContext.Response.WriteAsync(record.ResponseBody ?? string.Empty, httpContext.RequestAborted);
    }
}
