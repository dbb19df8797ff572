using System.Text.Json;
using FluentValidation.Results;
using Microsoft.AspNetCore.WebUtilities;

namespace Backend.Api.Http;

/// <summary>Builds and writes <see cref="ApiProblem"/>s for every error the service produces.</summary>
internal static class Problems
{
    public const string ContentType = "application/problem+json";
    public const string TypePrefix = "urn:backend:problem:";

    public static JsonSerializerOptions Json => ApiJson.Options;

    public static ApiProblem Create(HttpContext context, int status, string? detail = null, string? type = null, string? title = null, IReadOnlyList<FieldError>? errors = null) =>
        new(
            Type: TypePrefix + (type ?? Slug(status)),
            Title: title ?? ReasonPhrases.GetReasonPhrase(status),
            Status: status,
            Detail: detail ?? DefaultDetail(status),
            Instance: context.Request.Path.Value ?? "/",
            RequestId: context.TraceIdentifier,
            Errors: errors);

    public static async Task WriteAsync(HttpContext context, ApiProblem problem)
    {
        context.Response.StatusCode = problem.Status;
        context.Response.ContentType = ContentType;
        await JsonSerializer.SerializeAsync(context.Response.Body, problem, Json, context.RequestAborted);
    }

    /// <summary>FastEndpoints' hook for validation and binding failures.</summary>
    public static ApiProblem FromValidation(List<ValidationFailure> failures, HttpContext context, int status)
    {
        var malformed = failures.Any(f => f.PropertyName == SerializerErrorsField);
        var errors = failures
            .Select(f => f.PropertyName == SerializerErrorsField ? new FieldError("body", "json", f.ErrorMessage) : ToFieldError(f))
            .ToList();
        return malformed
            ? Create(context, 400, "The request body is not valid JSON for this operation.", "malformed-body", "Malformed request body", errors)
            : Create(context, status, "One or more fields are invalid; see errors.", "validation", "Validation failed", errors);
    }

    public const string SerializerErrorsField = "body";

    /// <summary><c>Items[0].FirstName</c> → <c>items[0].first_name</c>.</summary>
    public static string FieldPath(string propertyName) =>
        string.Join('.', propertyName.Split('.').Select(segment =>
        {
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            return bracket < 0
                ? JsonNamingPolicy.SnakeCaseLower.ConvertName(segment)
                : JsonNamingPolicy.SnakeCaseLower.ConvertName(segment[..bracket]) + segment[bracket..];
        }));

    /// <summary>A FluentValidation failure as the API reports it: snake_case field path and rule.</summary>
    public static FieldError ToFieldError(ValidationFailure failure) =>
        new(FieldPath(failure.PropertyName), Rule(failure.ErrorCode), failure.ErrorMessage);

    private static string Rule(string? errorCode)
    {
        if (string.IsNullOrEmpty(errorCode))
        {
            return "invalid";
        }

        var name = errorCode.EndsWith("Validator", StringComparison.Ordinal) ? errorCode[..^"Validator".Length] : errorCode;
        return JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
    }

    private static string Slug(int status) => status switch
    {
        400 => "bad-request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not-found",
        405 => "method-not-allowed",
        409 => "conflict",
        412 => "precondition-failed",
        413 => "payload-too-large",
        415 => "unsupported-media-type",
        422 => "unprocessable",
        428 => "precondition-required",
        429 => "rate-limited",
        503 => "service-unavailable",
        >= 500 => "internal",
        _ => "http-" + status,
    };

    private static string DefaultDetail(int status) => status switch
    {
        404 => "No resource exists at this path.",
        405 => "This path does not support the request's method; see the Allow header.",
        413 => "The request body is larger than this service accepts.",
        415 => "The request's Content-Type is not supported here; send application/json.",
        429 => "Too many requests; retry after the time in the Retry-After header.",
        500 => "An unexpected error occurred. Quote the request_id when reporting it.",
        503 => "The service cannot reach its database right now; retry shortly.",
        _ => ReasonPhrases.GetReasonPhrase(status),
    };
}
