using System.Globalization;
using System.Text.Json;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Json;
using Serilog.Parsing;

namespace Backend.Api.Hosting.Logs;

/// <summary>
/// One JSON object per line: <c>timestamp level message module_id request_id user_id</c>, then the
/// template's properties in snake_case, then <c>exception</c> with the full stack trace when there is one.
/// </summary>
internal sealed class JsonLogFormatter : ITextFormatter
{
    private static readonly string[] FixedFields = ["module_id", "request_id", "user_id"];
    private static readonly JsonValueFormatter ValueFormatter = new(typeTagName: null);

    public void Format(LogEvent logEvent, TextWriter output)
    {
        output.Write("{\"timestamp\":\"");
        output.Write(logEvent.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        output.Write("\",\"level\":\"");
        output.Write(LevelName(logEvent.Level));
        output.Write("\",\"message\":");
        JsonValueFormatter.WriteQuotedJsonString(RenderMessage(logEvent), output);

        foreach (var field in FixedFields)
        {
            output.Write(",\"");
            output.Write(field);
            output.Write("\":");
            if (logEvent.Properties.TryGetValue(field, out var value))
            {
                ValueFormatter.Format(value, output);
            }
            else
            {
                output.Write("null");
            }
        }

        var written = new HashSet<string>(FixedFields, StringComparer.Ordinal);
        foreach (var (name, value) in logEvent.Properties)
        {
            // ASP.NET's own scope carries a connection-based "RequestId"; ours (request_id) wins, so it is dropped.
            var field = name == "Elapsed" ? "elapsed_ms" : JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
            if (!written.Add(field))
            {
                continue;
            }

            output.Write(",\"");
            output.Write(field);
            output.Write("\":");
            ValueFormatter.Format(value, output);
        }

        if (logEvent.Exception is not null)
        {
            output.Write(",\"exception\":");
            JsonValueFormatter.WriteQuotedJsonString(logEvent.Exception.ToString(), output);
        }

        output.Write('}');
        output.WriteLine();
    }

    public static string LevelName(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose => "TRACE",
        LogEventLevel.Debug => "DEBUG",
        LogEventLevel.Information => "INFO",
        LogEventLevel.Warning => "WARNING",
        LogEventLevel.Error => "ERROR",
        _ => "CRITICAL",
    };

    // Strings render without quotes, so "Created entity 0193…" rather than "Created entity \"0193…\"".
    private static string RenderMessage(LogEvent logEvent)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        foreach (var token in logEvent.MessageTemplate.Tokens)
        {
            if (token is PropertyToken property
                && logEvent.Properties.TryGetValue(property.PropertyName, out var value)
                && value is ScalarValue { Value: string text })
            {
                writer.Write(text);
            }
            else
            {
                token.Render(logEvent.Properties, writer, CultureInfo.InvariantCulture);
            }
        }

        return writer.ToString();
    }
}
