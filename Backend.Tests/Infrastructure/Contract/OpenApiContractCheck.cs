using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using NJsonSchema;
using NSwag;

namespace Backend.Tests.Infrastructure.Contract;

/// <summary>
/// The served <c>/api/v1/openapi.json</c>, read once per test run with NSwag, and the checks every response and every
/// accepted request body pass through (JSON Schema validation by NJsonSchema, OpenAPI 3.0 dialect). Also counts what
/// the run reached and writes the coverage summary when the run ends.
/// </summary>
internal sealed class OpenApiContractCheck
{
    public const string DocumentPath = "/api/v1/openapi.json";
    private static readonly SemaphoreSlim Loading = new(1, 1);
    private static readonly AsyncLocal<bool> RequestBodiesExempt = new();
    private static readonly string[] UndocumentedSurfaces = ["/metrics", "/api/v1/docs", "/api/v1/redoc", DocumentPath];

    private readonly List<DocumentedOperation> _operations;
    private readonly ConcurrentDictionary<string, int> _statusesReached = new(StringComparer.Ordinal);
    private int _responseBodies;
    private int _requestBodies;
    private int _responses;

    private OpenApiContractCheck(OpenApiDocument document)
    {
        _operations = document.Paths
            .SelectMany(p => p.Value.ActualPathItem.Select(o => new DocumentedOperation(o.Key.ToUpperInvariant(), p.Key, o.Value,
                new TemplateMatcher(TemplateParser.Parse(p.Key.TrimStart('/')), new RouteValueDictionary()))))
            .OrderBy(o => o.Path.Count(c => c == '{'))
            .ToList();
    }

    public static OpenApiContractCheck? Document { get; private set; }

    public static string SummaryFile => Path.Combine(AppContext.BaseDirectory, "openapi-contract-coverage.txt");

    /// <summary>Reads the document from the first host of the run.</summary>
    public static async Task LoadOnceAsync(Uri baseAddress, CancellationToken ct)
    {
        if (Document is not null)
        {
            return;
        }

        await Loading.WaitAsync(ct);
        try
        {
            if (Document is null)
            {
                using var client = new HttpClient { BaseAddress = baseAddress };
                var json = await client.GetStringAsync(new Uri(DocumentPath, UriKind.Relative), ct);
                Document = new OpenApiContractCheck(await OpenApiDocument.FromJsonAsync(json, null, SchemaType.OpenApi3, ct));
            }
        }
        finally
        {
            Loading.Release();
        }
    }

    /// <summary>For tests that send malformed bodies on purpose: their accepted bodies are not held to the request schema.</summary>
    public static IDisposable ExemptRequestBodies()
    {
        RequestBodiesExempt.Value = true;
        return new Scope();
    }

    /// <summary>The violations of one exchange; <paramref name="responseBody"/> is null for a stream left to the test.</summary>
    public List<string> Check(HttpRequestMessage request, string? requestBody, HttpResponseMessage response, string? responseBody)
    {
        var violations = new List<string>();
        var method = request.Method.Method.ToUpperInvariant();
        if (method is "OPTIONS" or "HEAD" || request.RequestUri is null)
        {
            return violations;
        }

        Interlocked.Increment(ref _responses);
        var path = request.RequestUri.IsAbsoluteUri ? request.RequestUri.AbsolutePath : request.RequestUri.OriginalString.Split('?')[0];
        var status = (int)response.StatusCode;
        var statusKey = status.ToString(CultureInfo.InvariantCulture);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var onPath = _operations.Where(o => o.Matcher.TryMatch(path, new RouteValueDictionary())).ToList();
        var operation = onPath.FirstOrDefault(o => o.Method == method);
        if (operation is null)
        {
            if (UndocumentedSurfaces.Any(s => path.Equals(s, StringComparison.Ordinal) || path.StartsWith(s + "/", StringComparison.Ordinal)))
            {
                return violations;
            }

            // No operation here: only an error may answer, and errors are problems.
            if (status < 400)
            {
                violations.Add($"no documented operation {method} {path}, yet the service answered {status}");
            }
            else
            {
                ValidateProblem(responseBody ?? "", mediaType, violations);
            }

            return violations;
        }

        _statusesReached.AddOrUpdate(Key(operation, statusKey), 1, (_, n) => n + 1);
        if (!operation.Operation.ActualResponses.TryGetValue(statusKey, out var documented)
            && !operation.Operation.ActualResponses.TryGetValue("default", out documented))
        {
            violations.Add($"status {status} is not documented for {operation.Name} (documented: {string.Join(", ", operation.Operation.ActualResponses.Keys)})");
            return violations;
        }

        var content = documented.ActualResponse.Content;
        if (responseBody is null)
        {
            if (!content.Keys.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
            {
                violations.Add($"response {status} streams {mediaType}, documented: {string.Join(", ", content.Keys)}");
            }
        }
        else
        {
            ValidateBody(content, responseBody, mediaType, $"response {status}", violations, ref _responseBodies);
        }

        if (requestBody is not null && !RequestBodiesExempt.Value)
        {
            ValidateRequest(operation, request, requestBody, violations);
        }

        return violations;
    }

    private void ValidateRequest(DocumentedOperation operation, HttpRequestMessage request, string body, List<string> violations)
    {
        var mediaType = request.Content?.Headers.ContentType?.MediaType;
        var content = operation.Operation.ActualRequestBody?.Content;
        if (body.Length == 0 && operation.Operation.ActualRequestBody is { IsRequired: false })
        {
            return;
        }

        if (content is null || content.Count == 0)
        {
            if (body.Length > 0)
            {
                violations.Add($"{operation.Name} accepted a request body, but documents none");
            }

            return;
        }

        var json = mediaType == "application/x-www-form-urlencoded" ? FormAsJson(body) : body;
        ValidateBody(content, json, mediaType == "application/x-www-form-urlencoded" ? mediaType : mediaType, "accepted request body", violations, ref _requestBodies);
    }

    private static void ValidateBody(IDictionary<string, OpenApiMediaType> content, string body, string? mediaType, string what, List<string> violations, ref int counter)
    {
        if (content.Count == 0)
        {
            if (body.Length > 0)
            {
                violations.Add($"{what} has a body ({mediaType}), but the document describes none");
            }

            return;
        }

        if (body.Length == 0)
        {
            violations.Add($"{what} is empty, but the document describes a body ({string.Join(", ", content.Keys)})");
            return;
        }

        var media = content.FirstOrDefault(c => string.Equals(c.Key, mediaType, StringComparison.OrdinalIgnoreCase)).Value;
        if (media is null)
        {
            violations.Add($"{what} is {mediaType ?? "(no Content-Type)"}, documented: {string.Join(", ", content.Keys)}");
            return;
        }

        Interlocked.Increment(ref counter);
        if (media.Schema?.ActualSchema is { } schema)
        {
            foreach (var error in schema.Validate(body, SchemaType.OpenApi3))
            {
                violations.Add($"{what} fails its schema: {Describe(error)}");
            }
        }
    }

    private void ValidateProblem(string body, string? mediaType, List<string> violations)
    {
        var problem = new Dictionary<string, OpenApiMediaType>(StringComparer.OrdinalIgnoreCase)
        {
            ["application/problem+json"] = new() { Schema = ProblemSchema },
        };
        var ignored = 0;
        ValidateBody(problem, body, mediaType, "error response", violations, ref ignored);
    }

    private JsonSchema ProblemSchema => _operations
        .SelectMany(o => o.Operation.ActualResponses.Values)
        .Select(r => r.ActualResponse.Content.TryGetValue("application/problem+json", out var m) ? m.Schema?.ActualSchema : null)
        .First(s => s is not null)!;

    private static string Describe(NJsonSchema.Validation.ValidationError error) => error switch
    {
        NJsonSchema.Validation.ChildSchemaValidationError child =>
            $"{error.Kind} at {error.Path}: " + string.Join("; ", child.Errors.SelectMany(e => e.Value).Select(Describe)),
        _ => $"{error.Kind} at {error.Path}",
    };

    private static string FormAsJson(string form)
    {
        var json = new JsonObject();
        foreach (var pair in form.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            json[Uri.UnescapeDataString(parts[0].Replace('+', ' '))] = parts.Length > 1 ? Uri.UnescapeDataString(parts[1].Replace('+', ' ')) : "";
        }

        return json.ToJsonString();
    }

    private static string Key(DocumentedOperation operation, string status) => operation.Name + " " + status;

    /// <summary>Operations and statuses reached, bodies validated, and what no test reached.</summary>
    public string Summary()
    {
        var documented = _operations.SelectMany(o => o.Operation.ActualResponses.Keys.Select(s => (Operation: o, Status: s))).ToList();
        var reachedOperations = _operations.Count(o => _statusesReached.Keys.Any(k => k.StartsWith(o.Name + " ", StringComparison.Ordinal)));
        var missing = documented.Where(d => !_statusesReached.ContainsKey(Key(d.Operation, d.Status))).ToList();
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"OpenAPI contract check: {_responses} responses checked; {_responseBodies} response bodies and {_requestBodies} accepted request bodies validated against their schemas.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Operations reached: {reachedOperations} of {_operations.Count}; documented statuses reached: {documented.Count - missing.Count} of {documented.Count}.");
        foreach (var operation in _operations.Where(o => !_statusesReached.Keys.Any(k => k.StartsWith(o.Name + " ", StringComparison.Ordinal))))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  operation not reached: {operation.Name}");
        }

        foreach (var group in missing.GroupBy(m => m.Operation.Name))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  statuses not reached: {group.Key}: {string.Join(", ", group.Select(g => g.Status))}");
        }

        return text.ToString();
    }

    private sealed record DocumentedOperation(string Method, string Path, OpenApiOperation Operation, TemplateMatcher Matcher)
    {
        public string Name => $"{Method} {Path}";
    }

    private sealed class Scope : IDisposable
    {
        public void Dispose() => RequestBodiesExempt.Value = false;
    }
}
