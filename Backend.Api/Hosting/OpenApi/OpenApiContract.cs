using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Backend.Api.Hosting.OpenApi;

/// <summary>
/// Turns the generated document into the contract the service keeps, for every operation (also ones added later):
/// one problem schema behind every error response; the statuses the pipeline answers for any operation (400 for a
/// malformed body, 413/415 where a body is taken, 429 where rate limited, 500, 503); request schemas that accept what
/// the service accepts; both API-key header forms; stable operationIds; tags in reading order.
/// </summary>
internal static class OpenApiContract
{
    public const string ProblemSchema = "Problem";
    private const string ProblemRef = "#/components/schemas/" + ProblemSchema;
    private const string ProblemContentType = "application/problem+json";
    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    private static readonly string[] TagOrder = ["Auth", "Entities", "Relationships", "Graph", "Admin", "Service", "Health"];
    private static readonly string[] GeneratedProblemSchemas = ["ProblemDetails", "ApiProblem"];

    public static JsonObject Apply(JsonObject document, IReadOnlyDictionary<string, OpenApiOperationInfo> operations)
    {
        var components = document["components"] as JsonObject ?? [];
        document["components"] = components;
        var schemas = components["schemas"] as JsonObject ?? [];
        components["schemas"] = schemas;
        AddProblemSchemas(schemas);
        AddSharedResponses(components);
        OpenApiSchemas.FlattenAllOf(schemas);

        var operationIds = new List<(string Path, JsonObject Operation)>();
        foreach (var (path, item) in ((JsonObject?)document["paths"] ?? []).ToList())
        {
            foreach (var method in Methods)
            {
                if (item?[method] is not JsonObject operation)
                {
                    continue;
                }

                var info = operations.GetValueOrDefault(OpenApiOperationInfo.Key(method, path), OpenApiOperationInfo.Unknown);
                Tags(operation, path);
                if (info.EndpointName is { } name)
                {
                    operation["operationId"] = OperationId(name);
                }

                operationIds.Add((path, operation));
                OptionalInBody(operation, info, schemas);
                OptionalBody(operation, schemas);
                Responses(path, operation, info);
                Security(operation);
            }
        }

        UniqueOperationIds(operationIds);
        OpenApiSchemas.Normalize(document, schemas);
        SecuritySchemes(components);
        DocumentTags(document);
        OpenApiSchemas.RemoveUnused(document, schemas);
        return document;
    }

    private static void AddProblemSchemas(JsonObject schemas)
    {
        schemas[ProblemSchema] = new JsonObject
        {
            ["type"] = "object",
            ["description"] = "RFC 9457 problem details: the one error shape of the service (application/problem+json).",
            ["required"] = new JsonArray("type", "title", "status", "detail", "instance", "request_id"),
            ["properties"] = new JsonObject
            {
                ["type"] = new JsonObject { ["type"] = "string", ["description"] = "urn:backend:problem:<slug>, e.g. validation, malformed-body, not-found, database-unavailable." },
                ["title"] = new JsonObject { ["type"] = "string" },
                ["status"] = new JsonObject { ["type"] = "integer", ["format"] = "int32", ["minimum"] = 400, ["maximum"] = 599 },
                ["detail"] = new JsonObject { ["type"] = "string" },
                ["instance"] = new JsonObject { ["type"] = "string", ["description"] = "The request path." },
                ["request_id"] = new JsonObject { ["type"] = "string", ["description"] = "Equals the X-Request-ID response header and the log lines of the request." },
                ["errors"] = new JsonObject
                {
                    ["type"] = "array",
                    ["description"] = "Validation failures, one per field and rule.",
                    ["items"] = new JsonObject { ["$ref"] = "#/components/schemas/ProblemFieldError" },
                },
            },
            ["example"] = new JsonObject
            {
                ["type"] = "urn:backend:problem:validation",
                ["title"] = "Validation failed",
                ["status"] = 400,
                ["detail"] = "One or more fields are invalid; see errors.",
                ["instance"] = "/api/v1/entities",
                ["request_id"] = "01a21bd4-7f3e-7c41-9a55-2f4f1e6b8d10",
                ["errors"] = new JsonArray(new JsonObject { ["field"] = "name", ["rule"] = "required", ["message"] = "'Name' must not be empty." }),
            },
        };
        schemas["ProblemFieldError"] = new JsonObject
        {
            ["type"] = "object",
            ["description"] = "One invalid field: its snake_case path, the rule it broke and a readable message.",
            ["required"] = new JsonArray("field", "rule", "message"),
            ["properties"] = new JsonObject
            {
                ["field"] = new JsonObject { ["type"] = "string", ["example"] = "items[0].name" },
                ["rule"] = new JsonObject { ["type"] = "string", ["example"] = "required" },
                ["message"] = new JsonObject { ["type"] = "string" },
            },
        };
    }

    private static void Tags(JsonObject operation, string path)
    {
        var tags = (operation["tags"] as JsonArray ?? []).Select(t => (string?)t).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (tags.Count == 0)
        {
            var segment = path.Split('/', StringSplitOptions.RemoveEmptyEntries).SkipWhile(s => s is "api" or "v1").FirstOrDefault() ?? "Service";
            tags.Add(char.ToUpperInvariant(segment[0]) + segment[1..]);
        }

        operation["tags"] = new JsonArray([.. tags.Select(t => (JsonNode)t)]);
    }

    /// <summary><c>CreateEntityEndpoint</c> → <c>createEntity</c>: follows the class name, not its namespace.</summary>
    private static string OperationId(string endpointName)
    {
        var name = endpointName.EndsWith("Endpoint", StringComparison.Ordinal) && endpointName.Length > "Endpoint".Length
            ? endpointName[..^"Endpoint".Length]
            : endpointName;
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    /// <summary>One endpoint class on several routes (token and login): later routes add their last segment.</summary>
    private static void UniqueOperationIds(List<(string Path, JsonObject Operation)> operations)
    {
        foreach (var group in operations.GroupBy(o => (string?)o.Operation["operationId"] ?? "", StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            // The route named like the endpoint keeps the id (token), the others add their last segment (tokenLogin).
            var ordered = group.OrderBy(o => LastSegment(o.Path).Equals(group.Key, StringComparison.OrdinalIgnoreCase) ? 0 : 1).ThenBy(o => o.Path, StringComparer.Ordinal);
            foreach (var (path, operation) in ordered.Skip(1))
            {
                var suffix = string.Concat(LastSegment(path).Split('-', '_').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
                operation["operationId"] = group.Key + suffix;
            }
        }
    }

    private static string LastSegment(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries).Last(s => !s.StartsWith('{'));

    private static void OptionalInBody(JsonObject operation, OpenApiOperationInfo info, JsonObject schemas)
    {
        if (info.OptionalInBody.Count == 0 || operation["requestBody"]?["content"] is not JsonObject content)
        {
            return;
        }

        foreach (var media in content.Select(c => c.Value).OfType<JsonObject>())
        {
            var schema = media["schema"] as JsonObject;
            if (schema?["$ref"] is JsonValue reference && schemas[((string)reference!).Split('/')[^1]] is JsonObject target)
            {
                schema = target;
            }

            if (schema is null)
            {
                continue;
            }

            foreach (var property in info.OptionalInBody.Select(System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName))
            {
                if (schema["required"] is JsonArray required)
                {
                    foreach (var item in required.Where(r => (string?)r == property).ToList())
                    {
                        required.Remove(item);
                    }
                }

                if (schema["properties"]?[property] is JsonObject member)
                {
                    member["nullable"] = true;
                    member.Remove("minLength");
                }
            }
        }
    }

    /// <summary>
    /// A request without content is treated as <c>{}</c> (README: bodiless requests), so a body whose schema requires no
    /// member is optional: <c>requestBody.required</c> is false there and true everywhere else.
    /// </summary>
    private static void OptionalBody(JsonObject operation, JsonObject schemas)
    {
        if (operation["requestBody"] is not JsonObject body || body["content"] is not JsonObject content)
        {
            return;
        }

        var json = content.FirstOrDefault(c => c.Key.StartsWith("application/json", StringComparison.Ordinal)).Value as JsonObject;
        var schema = json?["schema"] as JsonObject;
        if (schema?["$ref"] is JsonValue reference && schemas[((string)reference!).Split('/')[^1]] is JsonObject target)
        {
            schema = target;
        }

        body["required"] = schema is null || (string?)schema["type"] != "object" || schema["required"] is JsonArray { Count: > 0 };
    }

    /// <summary>Statuses the pipeline may answer for any operation, documented once under components/responses.</summary>
    private static readonly (int Status, string Name, string Description, bool RetryAfter)[] SharedResponses =
    [
        (404, "NotFound", "No resource at this path: an unknown id, or an id that is not a UUID.", false),
        (413, "PayloadTooLarge", "The body is larger than the service accepts (MAX_REQUEST_BODY_BYTES).", false),
        (414, "UriTooLong", "The request target (path and query) is longer than 8 KB.", false),
        (415, "UnsupportedMediaType", "The Content-Type is not one this operation accepts.", false),
        (429, "TooManyRequests", "Too many requests from this client; retry after Retry-After seconds.", true),
        (431, "HeadersTooLarge", "The request headers are larger than 32 KB.", false),
        (500, "InternalError", "An unexpected failure; the log line with the same request_id has the details.", false),
        (503, "ServiceUnavailable", "The database is unavailable or the service is shutting down; retry after Retry-After seconds.", true),
    ];

    private static void AddSharedResponses(JsonObject components)
    {
        var responses = components["responses"] as JsonObject ?? [];
        components["responses"] = responses;
        foreach (var (_, name, description, retryAfter) in SharedResponses)
        {
            var response = new JsonObject { ["description"] = description, ["content"] = ProblemContent() };
            if (retryAfter)
            {
                response["headers"] = RetryAfter();
            }

            responses[name] = response;
        }
    }

    private static void Responses(string path, JsonObject operation, OpenApiOperationInfo info)
    {
        var responses = operation["responses"] as JsonObject ?? [];
        operation["responses"] = responses;
        var takesBody = operation["requestBody"] is not null;
        if (responses["400"] is null)
        {
            // Every operation refuses unknown query parameters and values the database cannot take (README: HTTP contract).
            responses["400"] = new JsonObject { ["description"] = takesBody
                ? "The body is malformed JSON, has duplicated keys or fails validation; or a query parameter is unknown or invalid."
                : "A query parameter is unknown, or a path or query value is invalid." };
        }

        foreach (var (status, name, _, _) in SharedResponses)
        {
            var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var applies = status switch
            {
                // An operation's own 404 keeps its description; a path parameter that matches nothing adds the shared one.
                404 => path.Contains('{', StringComparison.Ordinal) && responses[key] is null,
                413 or 415 => takesBody || responses[key] is not null,
                429 => info.RateLimited || responses[key] is not null,
                _ => true,
            };
            if (applies && (responses[key] is not JsonObject existing || DescribesAProblem(existing)))
            {
                responses[key] = new JsonObject { ["$ref"] = "#/components/responses/" + name };
            }
        }

        foreach (var (key, value) in responses.ToList())
        {
            if (!int.TryParse(key, out var status) || value is not JsonObject response || response["$ref"] is not null)
            {
                continue;
            }

            if (string.IsNullOrEmpty((string?)response["description"]))
            {
                response["description"] = ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Status " + key;
            }

            if (status >= 400 && DescribesAProblem(response))
            {
                response["content"] = ProblemContent();
            }
        }

        // Statuses in ascending order read best in every viewer.
        var ordered = responses.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => (r.Key, r.Value)).ToList();
        responses.Clear();
        foreach (var (key, value) in ordered)
        {
            responses[key] = value;
        }
    }

    private static JsonObject ProblemContent() =>
        new() { [ProblemContentType] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = ProblemRef } } };

    /// <summary>True unless the response documents a body of its own (readiness answers 503 with its report).</summary>
    private static bool DescribesAProblem(JsonObject response)
    {
        if (response["$ref"] is not null)
        {
            return true;
        }

        if (response["content"] is not JsonObject content || content.Count == 0)
        {
            return true;
        }

        var text = content.ToJsonString();
        return GeneratedProblemSchemas.Any(s => text.Contains("/" + s + "\"", StringComparison.Ordinal)) || text.Contains(ProblemRef, StringComparison.Ordinal);
    }

    private static JsonObject RetryAfter() => new()
    {
        ["Retry-After"] = new JsonObject
        {
            ["description"] = "Seconds to wait before retrying.",
            ["schema"] = new JsonObject { ["type"] = "integer", ["minimum"] = 0 },
        },
    };

    private static void Security(JsonObject operation)
    {
        if (operation["security"] is not JsonArray security)
        {
            // Anonymous: said explicitly, so the document-level default (none) is not mistaken for an omission.
            operation["security"] = new JsonArray();
            return;
        }

        if (security.OfType<JsonObject>().Any(r => r.ContainsKey(ApiKeyScheme)) && !security.OfType<JsonObject>().Any(r => r.ContainsKey(ApiKeyAuthorizationScheme)))
        {
            security.Add(new JsonObject { [ApiKeyAuthorizationScheme] = new JsonArray() });
        }
    }

    private const string ApiKeyScheme = "ApiKey";
    private const string ApiKeyAuthorizationScheme = "ApiKeyAuthorization";

    private static void SecuritySchemes(JsonObject components)
    {
        if (components["securitySchemes"] is not JsonObject schemes)
        {
            return;
        }

        if (schemes[ApiKeyScheme] is not null)
        {
            schemes[ApiKeyAuthorizationScheme] = new JsonObject
            {
                ["type"] = "apiKey",
                ["in"] = "header",
                ["name"] = "Authorization",
                ["description"] = "The same service API key as `Authorization: ApiKey <key>`.",
            };
        }

        foreach (var flow in schemes.Select(s => s.Value?["flows"]).OfType<JsonObject>().SelectMany(f => f.Select(x => x.Value)).OfType<JsonObject>())
        {
            flow["scopes"] ??= new JsonObject();
        }

        if (schemes["JWTBearerAuth"] is JsonObject bearer)
        {
            bearer["description"] = "An access token from POST /api/v1/auth/token: `Authorization: Bearer <token>`.";
        }
    }

    private static void DocumentTags(JsonObject document)
    {
        var used = ((JsonObject?)document["paths"] ?? [])
            .SelectMany(p => (p.Value as JsonObject ?? []).Select(o => o.Value?["tags"]).OfType<JsonArray>())
            .SelectMany(t => t).Select(t => (string?)t).OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var ordered = TagOrder.Where(used.Contains).Concat(used.Where(t => !TagOrder.Contains(t)).Order(StringComparer.Ordinal));
        document["tags"] = new JsonArray([.. ordered.Select(t => (JsonNode)new JsonObject { ["name"] = t, ["description"] = TagDescription(t) })]);
    }

    private static string TagDescription(string tag) => tag switch
    {
        "Auth" => "Accounts, sessions and tokens.",
        "Entities" => "The nodes of the knowledge graph.",
        "Relationships" => "The typed, directed edges between entities.",
        "Graph" => "Traversals and statistics over entities and relationships.",
        "Admin" => "User, API-key and audit administration (admin role).",
        "Service" => "What is running: module, version, environment.",
        "Health" => "Liveness and readiness for orchestrators.",
        _ => tag + " operations.",
    };
}
