using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Backend.Api.Hosting.Logs;

internal static class Logging
{
    /// <summary>The JSON logger of the service; <paramref name="output"/> is stdout in production, a buffer in tests.</summary>
    public static Logger Create(string moduleId, string logLevel, TextWriter output)
    {
        var level = Level(logLevel);

        // Framework chatter stays at WARNING unless LOG_LEVEL asks for even less.
        var framework = level > LogEventLevel.Warning ? level : LogEventLevel.Warning;
        var lifetime = level > LogEventLevel.Information ? level : LogEventLevel.Information;
        return new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft.AspNetCore", framework)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", lifetime)
            .MinimumLevel.Override("Npgsql", framework)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("module_id", moduleId)
            .WriteTo.Sink(new LineSink(new JsonLogFormatter(), output))
            .CreateLogger();
    }

    /// <summary>Used before settings are known (a bad LOG_LEVEL must still be reported).</summary>
    public static Logger CreateBootstrap(TextWriter output) => Create("backend", "INFO", output);

    public static LogEventLevel Level(string name) => name.ToUpperInvariant() switch
    {
        "TRACE" => LogEventLevel.Verbose,
        "DEBUG" => LogEventLevel.Debug,
        "WARNING" => LogEventLevel.Warning,
        "ERROR" => LogEventLevel.Error,
        "CRITICAL" => LogEventLevel.Fatal,
        _ => LogEventLevel.Information,
    };
}
