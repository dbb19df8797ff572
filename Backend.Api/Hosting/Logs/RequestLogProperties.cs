using Serilog.Core;
using Serilog.Events;

namespace Backend.Api.Hosting.Logs;

/// <summary>
/// The properties every log line of a request carries: <c>request_id</c> from the start, and <c>user_id</c>, <c>role</c>
/// and (for API-key callers) <c>api_key_name</c> once authentication has run. Pushed on the log context once per request
/// and filled in as the request goes, so a request costs one push, and the properties are only built for lines that are
/// written (the request summary line included).
/// </summary>
internal sealed class RequestLogProperties(string requestId) : ILogEventEnricher
{
    private string? _userId;
    private string? _role;
    private string? _apiKeyName;

    public string RequestId => requestId;

    /// <summary>Called once the caller is known (after authentication).</summary>
    public void SetCaller(string userId, string? role, string? apiKeyName)
    {
        _userId = userId;
        _role = role;
        _apiKeyName = apiKeyName;
    }

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        logEvent.AddPropertyIfAbsent(new LogEventProperty("request_id", new ScalarValue(requestId)));
        if (_userId is null)
        {
            return;
        }

        logEvent.AddPropertyIfAbsent(new LogEventProperty("user_id", new ScalarValue(_userId)));
        logEvent.AddPropertyIfAbsent(new LogEventProperty("role", new ScalarValue(_role)));
        if (_apiKeyName is not null)
        {
            logEvent.AddPropertyIfAbsent(new LogEventProperty("api_key_name", new ScalarValue(_apiKeyName)));
        }
    }
}
