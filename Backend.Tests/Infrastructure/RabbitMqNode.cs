using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Backend.Data.LocalPostgres;
using RabbitMQ.Client;

namespace Backend.Tests.Infrastructure;

/// <summary>
/// A private RabbitMQ node started from the machine's Debian package (rabbitmq-server), as the unprivileged rabbitmq user
/// when the tests run as root, on free loopback ports, with its own folder, Erlang cookie and epmd. It can be stopped and
/// started again (same data, durable queues and persistent messages survive); disposing kills it and removes the folder.
/// </summary>
internal sealed class RabbitMqNode : IAsyncDisposable
{
    private const string ServiceUser = "rabbitmq";
    private readonly string _directory;
    private readonly string _bin;
    private readonly int _distPort;
    private readonly int _epmdPort;
    private Process? _server;
    private Process? _epmd;

    private RabbitMqNode(string directory, string bin, int port, int distPort, int epmdPort)
    {
        _directory = directory;
        _bin = bin;
        Port = port;
        _distPort = distPort;
        _epmdPort = epmdPort;
        NodeName = "backendtest" + Path.GetFileName(directory).Replace("-", string.Empty, StringComparison.Ordinal) + "@localhost";
    }

    public int Port { get; }

    public string NodeName { get; }

    public Uri Url(string virtualHost = "/") =>
        new($"amqp://guest:guest@127.0.0.1:{Port}/{Uri.EscapeDataString(virtualHost)}");

    public static async Task<RabbitMqNode> StartAsync(CancellationToken ct = default)
    {
        var bin = FindBinaries();
        var directory = Path.Combine(Path.GetTempPath(), "backend-rmq-" + Guid.NewGuid().ToString("N")[..10]);
        var node = new RabbitMqNode(directory, bin, FreePort(), FreePort(), FreePort());
        Directory.CreateDirectory(Path.Combine(directory, "mnesia"));
        Directory.CreateDirectory(Path.Combine(directory, "log"));
        Directory.CreateDirectory(Path.Combine(directory, "home"));
        await File.WriteAllTextAsync(Path.Combine(directory, "rabbitmq.conf"), $"""
            listeners.tcp.default = 127.0.0.1:{node.Port}
            loopback_users = none
            log.console = true
            log.file = false
            """, ct);
        // No plugins (no management listener to collide with other nodes).
        await File.WriteAllTextAsync(Path.Combine(directory, "enabled_plugins"), "[].", ct);
        if (IsRoot())
        {
            var chown = await ProcessRunner.RunAsync("chown", ["-R", $"{ServiceUser}:{ServiceUser}", directory], ct);
            if (!chown.Succeeded)
            {
                throw new InvalidOperationException("chown of the RabbitMQ test folder failed: " + chown.Output);
            }
        }

        try
        {
            // This node's own epmd as a child we can stop (rabbitmq-server would otherwise start a daemon that outlives the run).
            node._epmd = Process.Start(new ProcessStartInfo("/bin/sh")
            {
                ArgumentList = { "-c", $"exec {node.Command("epmd")} -address 127.0.0.1 -port {node._epmdPort} >> '{Path.Combine(directory, "epmd.log")}' 2>&1" },
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException("Could not start epmd");
            await WaitForPortAsync(node._epmdPort, ct);
            node.StartWatchdog();
            await node.StartServerAsync(ct);
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }

        return node;
    }

    /// <summary>
    /// A detached shell that outlives a test process killed before it could clean up (the runner may kill it): when the
    /// test process is gone it kills this node's server (pid file) and epmd (by parent pid) and removes the folder.
    /// </summary>
    private void StartWatchdog()
    {
        var pidFile = Path.Combine(_directory, "rabbitmq.pid");
        var script = $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; " +
            $"[ -f '{pidFile}' ] && kill -9 $(cat '{pidFile}') 2>/dev/null; pkill -9 -P {_epmd!.Id} 2>/dev/null; kill -9 {_epmd.Id} 2>/dev/null; " +
            $"sleep 1; rm -rf '{_directory}'";
        using var watchdog = Process.Start(new ProcessStartInfo("setsid")
        {
            ArgumentList = { "/bin/sh", "-c", script },
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = false,
        });
    }

    /// <summary>Starts the node (again) and waits until it accepts AMQP connections.</summary>
    public async Task StartServerAsync(CancellationToken ct = default)
    {
        var command = $"exec {Command(Path.Combine(_bin, "rabbitmq-server"))} >> '{Path.Combine(_directory, "server.log")}' 2>&1";
        _server = Process.Start(new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", command }, UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not start rabbitmq-server");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        var factory = new ConnectionFactory { Uri = Url(), RequestedConnectionTimeout = TimeSpan.FromSeconds(2), AutomaticRecoveryEnabled = false };
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (_server.HasExited)
            {
                throw new InvalidOperationException($"rabbitmq-server exited with {_server.ExitCode}: {ReadLog()}");
            }

            try
            {
                await using var connection = await factory.CreateConnectionAsync(ct);
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250, ct);
            }
            catch (Exception exception)
            {
                throw new TimeoutException($"RabbitMQ node {NodeName} did not accept connections within 90 s: {exception.Message}\n{ReadLog()}");
            }
        }
    }

    /// <summary>Stops the node, keeping its data (a broker outage).</summary>
    public async Task StopServerAsync(CancellationToken ct = default)
    {
        var result = await CtlAsync(ct, "stop");
        if (_server is not null)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(TimeSpan.FromSeconds(30));
            try
            {
                await _server.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                _server.Kill(entireProcessTree: true);
            }

            _server.Dispose();
            _server = null;
        }

        if (!result.Succeeded && !result.Output.Contains("nodedown", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("rabbitmqctl stop failed: " + result.Output);
        }
    }

    public async Task AddVirtualHostAsync(string name, CancellationToken ct = default)
    {
        var add = await CtlAsync(ct, "add_vhost", name);
        if (!add.Succeeded)
        {
            throw new InvalidOperationException($"rabbitmqctl add_vhost {name} failed: {add.Output}");
        }

        var grant = await CtlAsync(ct, "set_permissions", "-p", name, "guest", ".*", ".*", ".*");
        if (!grant.Succeeded)
        {
            throw new InvalidOperationException($"rabbitmqctl set_permissions failed: {grant.Output}");
        }
    }

    /// <summary>Kills the node and its epmd at once (the data is throwaway) and removes the folder; quick enough for process exit.</summary>
    public ValueTask DisposeAsync()
    {
        KillFromPidFile();
        foreach (var process in new[] { _server, _epmd })
        {
            try
            {
                process?.Kill(entireProcessTree: true);
                process?.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
                // Already exited.
            }
            finally
            {
                process?.Dispose();
            }
        }

        _server = null;
        _epmd = null;
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return ValueTask.CompletedTask;
    }

    private void KillFromPidFile()
    {
        var pidFile = Path.Combine(_directory, "rabbitmq.pid");
        try
        {
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
            {
                using var beam = Process.GetProcessById(pid);
                beam.Kill(entireProcessTree: true);
            }
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or IOException)
        {
            // Not running.
        }
    }

    private Task<ProcessRunner.Result> CtlAsync(CancellationToken ct, params string[] arguments) =>
        ProcessRunner.RunAsync("/bin/sh", ["-c", $"exec {Command(Path.Combine(_bin, "rabbitmqctl"))} -n {NodeName} {string.Join(' ', arguments.Select(Quote))}"], ct);

    /// <summary>The program with this node's environment, run as the rabbitmq user when root.</summary>
    private string Command(string program)
    {
        var environment = string.Join(' ', new Dictionary<string, string>
        {
            ["HOME"] = Path.Combine(_directory, "home"),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(_directory, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(_directory, "log"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(_directory, "rabbitmq.conf"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_directory, "enabled_plugins"),
            ["RABBITMQ_PID_FILE"] = Path.Combine(_directory, "rabbitmq.pid"),
            ["RABBITMQ_NODENAME"] = NodeName,
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = _distPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ERL_EPMD_PORT"] = _epmdPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
        }.Select(e => $"{e.Key}={Quote(e.Value)}"));
        return IsRoot() ? $"runuser -u {ServiceUser} -- env {environment} {program}" : $"env {environment} {program}";
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private string ReadLog()
    {
        var path = Path.Combine(_directory, "server.log");
        return File.Exists(path) ? string.Join('\n', File.ReadLines(path).TakeLast(30)) : "(no log)";
    }

    private static string FindBinaries()
    {
        var candidates = new[] { Environment.GetEnvironmentVariable("RABBITMQ_BIN"), "/usr/lib/rabbitmq/bin" };
        return candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && File.Exists(Path.Combine(c, "rabbitmq-server")))
            ?? throw new InvalidOperationException(
                "RabbitMQ server binaries not found (looked in RABBITMQ_BIN and /usr/lib/rabbitmq/bin). Install them with " +
                "'apt-get install -y rabbitmq-server', or set TEST_RABBITMQ_URL to a broker with the management plugin.");
    }

    private static bool IsRoot() => Environment.UserName == "root";

    private static async Task WaitForPortAsync(int port, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, ct);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, ct);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
