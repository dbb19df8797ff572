namespace Backend.Tests.Infrastructure.Contract;

/// <summary>
/// Sits under every test's HttpClient: each response is checked against the served OpenAPI document, and so is each
/// request body the service accepted (2xx). A mismatch throws <see cref="ContractViolationException"/> in the test
/// that sent the request.
/// </summary>
internal sealed class ContractCheckingHandler() : DelegatingHandler(new HttpClientHandler())
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var document = OpenApiContractCheck.Document;
        if (document is null)
        {
            return response;
        }

        // Streams (server-sent events, NDJSON) stay unread: the test consumes them; status and media type are still checked.
        var streaming = response.Content.Headers.ContentType?.MediaType is "text/event-stream" or "application/x-ndjson";
        if (!streaming)
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
        }

        var responseBody = streaming ? null : await response.Content.ReadAsStringAsync(cancellationToken);
        string? requestBody = null;
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300 && request.Content is not null and not StreamContent)
        {
            requestBody = await request.Content.ReadAsStringAsync(cancellationToken);
        }

        var violations = document.Check(request, requestBody, response, responseBody);
        if (violations.Count > 0)
        {
            throw new ContractViolationException(
                $"{request.Method} {request.RequestUri?.PathAndQuery} → {status}: the response or the accepted request does not match {OpenApiContractCheck.DocumentPath}:\n  "
                + string.Join("\n  ", violations)
                + $"\nResponse body: {Truncate(responseBody)}\nRequest body: {Truncate(requestBody)}");
        }

        return response;
    }

    private static string Truncate(string? text) => text is null ? "(none)" : text.Length > 2000 ? text[..2000] + "…" : text;
}
