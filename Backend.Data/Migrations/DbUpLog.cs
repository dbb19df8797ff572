using System.Globalization;
using DbUp.Engine.Output;
using Microsoft.Extensions.Logging;

namespace Backend.Data.Migrations;

/// <summary>Routes DbUp's progress messages into the service log.</summary>
internal sealed class DbUpLog(ILogger logger) : IUpgradeLog
{
    public void LogTrace(string format, params object[] args) => logger.LogTrace("{Migration}", Format(format, args));

    public void LogDebug(string format, params object[] args) => logger.LogDebug("{Migration}", Format(format, args));

    public void LogInformation(string format, params object[] args)
    {
        // DbUp narrates every step; only the scripts it executes are worth an INFO line.
        var message = Format(format, args);
        if (message.StartsWith("Executing", StringComparison.Ordinal))
        {
            logger.LogInformation("{Migration}", message);
        }
        else
        {
            logger.LogDebug("{Migration}", message);
        }
    }

    public void LogWarning(string format, params object[] args) => logger.LogWarning("{Migration}", Format(format, args));

    public void LogError(string format, params object[] args) => logger.LogError("{Migration}", Format(format, args));

    public void LogError(Exception ex, string format, params object[] args) => logger.LogError(ex, "{Migration}", Format(format, args));

    private static string Format(string format, object[] args) =>
        args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args);
}
