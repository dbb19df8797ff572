namespace Backend.Api.Http;

/// <summary>A problem+json answer as a value: endpoints return it, FastEndpoints or the caller executes it.</summary>
internal sealed class ProblemResult(ApiProblem problem, string? etag = null) : IResult, IStatusCodeHttpResult
{
    public ApiProblem Problem => problem;

    public int? StatusCode => problem.Status;

    public static ProblemResult Of(HttpContext context, int status, string? detail = null, string? type = null, string? title = null, IReadOnlyList<FieldError>? errors = null) =>
        new(Problems.Create(context, status, detail, type, title, errors));

    public static ProblemResult NotFound(HttpContext context, string noun, Guid id) => Of(context, 404, $"No {noun} with id {id}.");

    public static ProblemResult Validation(HttpContext context, IReadOnlyList<FieldError> errors, string? detail = null) =>
        Of(context, 400, detail ?? "One or more fields are invalid; see errors.", "validation", "Validation failed", errors);

    /// <summary>412 with the current ETag, so the client can tell which version it missed.</summary>
    public static ProblemResult PreconditionFailed(HttpContext context, string noun, int? currentVersion) =>
        new(Problems.Create(context, 412, $"The request's preconditions (If-Match / If-None-Match) do not hold for the {noun}'s current ETag; read it again and retry."),
            currentVersion is { } version ? ETags.For(version) : null);

    public Task ExecuteAsync(HttpContext httpContext)
    {
        if (etag is not null)
        {
            httpContext.Response.Headers.ETag = etag;
        }

        return Problems.WriteAsync(httpContext, problem);
    }
}
