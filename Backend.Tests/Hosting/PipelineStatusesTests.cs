using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Hosting;

/// <summary>
/// The statuses the pipeline answers for any operation, sent to every operation of the document: 414 for an over-long
/// request target, 431 for oversized headers, and on body operations 413 for an oversized body and 415 without a
/// Content-Type. The contract check verifies each is documented and a problem.
/// </summary>
public sealed partial class PipelineStatusesTests
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    [Fact]
    public async Task Every_operation_answers_an_over_long_target_with_414_and_oversized_headers_with_431()
    {
        await using var host = await TestHost.StartAsync();
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(host, "admin");
        using var client = host.CreateClient(token);
        var failures = new List<string>();

        foreach (var (method, path, _) in await OperationsAsync(client))
        {
            using var longTarget = new HttpRequestMessage(new HttpMethod(method), new Uri(path + "?pad=" + new string('x', 9000), UriKind.Relative));
            using var tooLong = await client.SendAsync(longTarget);
            Expect(failures, method, path, tooLong, HttpStatusCode.RequestUriTooLong);

            using var bigHeaders = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
            for (var i = 0; i < 5; i++)
            {
                bigHeaders.Headers.Add("X-Padding-" + i, new string('p', 8000));
            }

            using var tooLarge = await client.SendAsync(bigHeaders);
            Expect(failures, method, path, tooLarge, HttpStatusCode.RequestHeaderFieldsTooLarge);
        }

        failures.ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_body_operation_answers_an_oversized_body_with_413_and_a_missing_content_type_with_415()
    {
        // The two document submissions accept 2 x DOCUMENT_MAX_BYTES + 64 KiB (README: Ingestion); the pad exceeds both limits.
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["MAX_REQUEST_BODY_BYTES"] = "1024", ["DOCUMENT_MAX_BYTES"] = "1024" });
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(host, "admin");
        using var client = host.CreateClient(token);
        var failures = new List<string>();

        foreach (var (method, path, _) in (await OperationsAsync(client)).Where(o => o.TakesBody))
        {
            using var oversized = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative))
            {
                Content = new StringContent("{\"pad\":\"" + new string('x', 70_000) + "\"}", Encoding.UTF8, "application/json"),
            };
            using var tooLarge = await client.SendAsync(oversized);
            Expect(failures, method, path, tooLarge, HttpStatusCode.RequestEntityTooLarge);

            using var untyped = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)) { Content = new ByteArrayContent("{}"u8.ToArray()) };
            using var unsupported = await client.SendAsync(untyped);
            Expect(failures, method, path, unsupported, HttpStatusCode.UnsupportedMediaType);
        }

        failures.ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_rate_limited_operation_answers_429_with_retry_after_once_the_budget_is_spent()
    {
        // Two permits per address: registering and logging in spend them.
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["AUTH_RATE_LIMIT"] = "2" });
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(host);
        using var client = host.CreateClient(token);
        var document = JsonNode.Parse(await client.GetStringAsync(new Uri("/api/v1/openapi.json", UriKind.Relative)))!.AsObject();
        var limited = document["paths"]!.AsObject()
            // The auth policy is the rate limit; the event stream's 429 is its connection limit (tested with the streams).
            .Where(p => p.Key.StartsWith("/api/v1/auth/", StringComparison.Ordinal))
            .SelectMany(p => Methods.Where(m => p.Value![m]?["responses"]?["429"] is not null).Select(m => (Method: m, Path: p.Key)))
            .ToList();
        limited.Count.ShouldBeGreaterThanOrEqualTo(7);
        var failures = new List<string>();

        foreach (var (method, path) in limited)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative))
            {
                Content = method == "get" ? null : new StringContent("{}", Encoding.UTF8, "application/json"),
            };
            using var response = await client.SendAsync(request);
            Expect(failures, method, path, response, HttpStatusCode.TooManyRequests);
            if (response.Headers.RetryAfter is null)
            {
                failures.Add($"{method.ToUpperInvariant()} {path}: 429 without Retry-After");
            }
        }

        failures.ShouldBeEmpty();
    }

    private static void Expect(List<string> failures, string method, string path, HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected || response.Content.Headers.ContentType?.MediaType != "application/problem+json" || !response.Headers.Contains("X-Request-ID"))
        {
            failures.Add($"{method.ToUpperInvariant()} {path}: {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}, expected a {(int)expected} problem with X-Request-ID");
        }
    }

    private static async Task<List<(string Method, string Path, bool TakesBody)>> OperationsAsync(HttpClient client)
    {
        var document = JsonNode.Parse(await client.GetStringAsync(new Uri("/api/v1/openapi.json", UriKind.Relative)))!.AsObject();
        return document["paths"]!.AsObject()
            .SelectMany(p => Methods.Where(m => p.Value![m] is JsonObject)
                .Select(m => (m, PathParameter().Replace(p.Key, _ => Guid.NewGuid().ToString()), p.Value![m]!["requestBody"] is not null)))
            .ToList();
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex PathParameter();
}
