using System.Text.Json;
using Backend.Api.Http;
using FastEndpoints;
using Microsoft.AspNetCore.Http.Metadata;

namespace Backend.Api.Hosting.Pipeline;

/// <summary>
/// Checks a routed request before its endpoint runs:
/// <list type="bullet">
/// <item>a request without content (its Content-Type was dropped by <see cref="BodilessRequestMiddleware"/>) to a JSON
/// operation that creates or replaces (POST, PUT) reads the absent body as an empty object, so an optional body is optional
/// and a required field is reported as missing; any other operation that needs a body (PATCH) gets a 400 problem;</item>
/// <item>content without Content-Type on an operation that takes a body gets a 415 problem (FastEndpoints would answer a bare 415);</item>
/// <item>a NUL character (U+0000) in the query string gets a 400 problem, because PostgreSQL text cannot hold it;</item>
/// <item>a query parameter the operation does not accept, or an unknown enum value, gets a 400 problem that names it
/// (<see cref="QueryParameters"/>);</item>
/// <item>a NUL or unpaired surrogate escape in a JSON body's strings gets a 400 problem.</item>
/// </list>
/// </summary>
internal sealed class RequestGuardMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var endpoint = context.GetEndpoint();
        var accepts = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>();
        var takesBody = accepts is { ContentTypes.Count: > 0 } && !accepts.ContentTypes.Contains("*/*");
        if (!BodilessRequestMiddleware.HasContent(context) && takesBody)
        {
            if (!accepts!.ContentTypes.Contains("application/json") || !(HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method)))
            {
                await Problems.WriteAsync(context, Problems.Create(context, 400, $"This operation needs a body ({string.Join(" or ", accepts.ContentTypes)}).",
                    "malformed-body", "Malformed request body", [new FieldError("body", "required", "must be present")]));
                return;
            }

            request.ContentType = "application/json";
            request.Body = new MemoryStream("{}"u8.ToArray(), writable: false);
            request.ContentLength = 2;
        }
        else if (takesBody && string.IsNullOrEmpty(request.ContentType))
        {
            await Problems.WriteAsync(context, Problems.Create(context, 415, $"Send the body with Content-Type {string.Join(" or ", accepts!.ContentTypes)}."));
            return;
        }

        if (request.QueryString.HasValue && QueryFieldWithNul(request.Query) is { } badField)
        {
            await WriteNulProblemAsync(context, badField);
            return;
        }

        if (endpoint?.Metadata.GetMetadata<EndpointDefinition>() is { } definition && QueryParameters.Check(context, definition.ReqDtoType) is { } unknown)
        {
            await unknown.ExecuteAsync(context);
            return;
        }

        if (request.ContentLength != 0 && IsJson(request.ContentType))
        {
            // Read once into memory and let the endpoint read that copy: EnableBuffering would copy the body a second
            // time and spill anything over 30 KB (a batch) to a temporary file. Kestrel's body size limit still applies
            // while this reads the body.
            var buffer = new MemoryStream(request.ContentLength is > 0 and <= int.MaxValue ? (int)request.ContentLength.Value : 0);
            context.Response.RegisterForDispose(buffer);
            await request.Body.CopyToAsync(buffer, context.RequestAborted);
            buffer.Position = 0;
            request.Body = buffer;
            if (FieldWithNul(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)) is { } field)
            {
                await WriteNulProblemAsync(context, field);
                return;
            }
        }

        await next(context);
    }

    /// <summary><c>query</c> when a parameter name holds NUL, the parameter's name when a value does, else null.</summary>
    private static string? QueryFieldWithNul(IQueryCollection query)
    {
        foreach (var (name, values) in query)
        {
            if (name.Contains('\0', StringComparison.Ordinal))
            {
                return "query";
            }

            foreach (var value in values)
            {
                if (value is not null && value.Contains('\0', StringComparison.Ordinal))
                {
                    return name;
                }
            }
        }

        return null;
    }

    private static bool IsJson(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var mediaType = (semicolon < 0 ? contentType.AsSpan() : contentType.AsSpan(0, semicolon)).Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The top-level member holding a NUL or an unpaired surrogate (<c>body</c> when it is not inside one), or null.
    /// JSON carries them only as <c>\u</c> escapes; malformed JSON is left to the endpoint to report.
    /// </summary>
    private static string? FieldWithNul(ReadOnlySpan<byte> json)
    {
        if (json.IndexOf("\\u0000"u8) < 0 && json.IndexOf("\\uD"u8) < 0 && json.IndexOf("\\ud"u8) < 0)
        {
            return null;
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        string? member = null;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
                {
                    continue;
                }

                var valid = TryGetString(ref reader, out var text);
                if (reader.ValueIsEscaped && (!valid || text.Contains('\0', StringComparison.Ordinal)))
                {
                    return reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 ? "body" : Problems.FieldPath(member ?? "body");
                }

                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                {
                    member = text;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }

    /// <summary>False for an escape that is not valid UTF-16 (an unpaired surrogate).</summary>
    private static bool TryGetString(ref Utf8JsonReader reader, out string text)
    {
        try
        {
            text = reader.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
    }

    private static Task WriteNulProblemAsync(HttpContext context, string field) =>
        Problems.WriteAsync(context, Problems.Create(context, 400, "Text may not contain the NUL character (U+0000) or unpaired surrogates.", "validation", "Validation failed",
            [new FieldError(field, "characters", "must not contain the NUL character (U+0000) or unpaired surrogates")]));
}
