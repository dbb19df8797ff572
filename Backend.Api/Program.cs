using System.Runtime.InteropServices;
using Backend.Api.Hosting;
using Backend.Api.Hosting.Logs;
using Backend.Api.Hosting.Settings;

var (settings, errors) = BackendSettings.FromEnvironment();
using var bootstrap = Logging.CreateBootstrap(Console.Out);
if (errors.Count > 0)
{
    var message = "Invalid configuration: " + string.Join("; ", errors);
    bootstrap.Fatal("{Problem}", message);
    await Console.Error.WriteLineAsync(message);
    return 1;
}

// Ctrl-C / SIGTERM while still starting (e.g. waiting for the database) cancels startup cleanly;
// once the host runs, its own lifetime handles them.
using var startup = new CancellationTokenSource();
var signals = new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM }
    .Select(signal => PosixSignalRegistration.Create(signal, context =>
    {
        context.Cancel = true;
        startup.Cancel();
    }))
    .ToList();

if (args.Length > 0)
{
    return await Cli.RunAsync(args, settings, bootstrap, startup.Token);
}

BackendService service;
try
{
    service = await BackendService.StartAsync(settings, new HostingOptions(), startup.Token);
}
catch (OperationCanceledException) when (startup.IsCancellationRequested)
{
    bootstrap.Information("Startup cancelled");
    return 1;
}
catch (Exception exception)
{
    bootstrap.Fatal(exception, "Backend failed to start: {Reason}", exception.Message);
    return 1;
}
finally
{
    signals.ForEach(s => s.Dispose());
}

await using (service)
{
    await service.App.WaitForShutdownAsync();
}

return 0;
