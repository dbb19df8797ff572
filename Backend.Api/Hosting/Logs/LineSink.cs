using System.Globalization;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace Backend.Api.Hosting.Logs;

/// <summary>Writes each event as one line with a single write, so lines from concurrent requests never interleave.</summary>
internal sealed class LineSink(ITextFormatter formatter, TextWriter output) : ILogEventSink
{
    private readonly Lock _gate = new();

    public void Emit(LogEvent logEvent)
    {
        using var buffer = new StringWriter(CultureInfo.InvariantCulture);
        formatter.Format(logEvent, buffer);
        var line = buffer.ToString();
        lock (_gate)
        {
            output.Write(line);
            output.Flush();
        }
    }
}
