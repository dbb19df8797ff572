using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using LiveBench;

// Live-updates benchmark: opens SUBSCRIBERS streams (WS_SHARE of them WebSockets, the rest SSE) as the bench user,
// writes READY_FILE once every one has joined the service's hub, and then times every event it receives: MEASURE_FILE
// appearing (or SIGHUP, which a shell started under nohup cannot pass on) starts the measured window (and the probes),
// SIGTERM/SIGINT ends it; the tool then waits for the last events to arrive everywhere (DRAIN_SECONDS at most), prints
// one LIVE_RESULT line (key=value) and a summary, and exits. Delay = arrival of the event's bytes − the event's
// "timestamp" (PostgreSQL's clock_timestamp() in the commit-time trigger, see sql/0021), for events whose timestamp
// lies in the window. Probes: PROBE_RATE creates per second of the tool's own with X-Request-ID live-probe-N, timed
// from the client's side (request sent, response received).
var api = new Uri(Required("API").TrimEnd('/') + "/");
var token = Required("TOKEN");
var subscribers = Int("SUBSCRIBERS", 1000);
var webSockets = (int)Math.Round(subscribers * double.Parse(Environment.GetEnvironmentVariable("WS_SHARE") ?? "0.5", CultureInfo.InvariantCulture));
var connectConcurrency = Int("CONNECT_CONCURRENCY", 32);
var probeRate = Int("PROBE_RATE", 10);
var drainSeconds = Int("DRAIN_SECONDS", 15);
var readyFile = Environment.GetEnvironmentVariable("READY_FILE");
var measureFile = Environment.GetEnvironmentVariable("MEASURE_FILE");

var run = new Run(maxProbes: 1_000_000);
using var handler = new SocketsHttpHandler
{
    MaxConnectionsPerServer = int.MaxValue,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    AutomaticDecompression = DecompressionMethods.None,
    UseCookies = false,
};
using var http = new HttpClient(handler) { BaseAddress = api, Timeout = Timeout.InfiniteTimeSpan };
using var stop = new CancellationTokenSource();
var measure = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
using var onHup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context => { context.Cancel = true; measure.TrySetResult(); });
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; finish.TrySetResult(); });
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; finish.TrySetResult(); });

// Connect: WebSockets and SSE interleaved, CONNECT_CONCURRENCY at a time.
var all = Enumerable.Range(0, subscribers).Select(i => new Subscriber(i, webSocket: (long)i * webSockets / subscribers != (long)(i + 1) * webSockets / subscribers, run)).ToList();
var connectWatch = Stopwatch.StartNew();
using var gate = new SemaphoreSlim(connectConcurrency);
var streams = all.Select(async s =>
{
    await gate.WaitAsync(stop.Token);
    var running = s.RunAsync(http, api, token, stop.Token);
    _ = s.Connected.Task.ContinueWith(_ => gate.Release(), TaskScheduler.Default);
    await running;
}).ToList();
var connected = await Task.WhenAll(all.Select(s => s.Connected.Task)).WaitAsync(TimeSpan.FromSeconds(60 + (subscribers / 10)), stop.Token)
    .ContinueWith(t => t.IsCompletedSuccessfully ? t.Result.Count(ok => ok) : all.Count(s => s.Connected.Task.IsCompletedSuccessfully && s.Connected.Task.Result), TaskScheduler.Default);
Console.Error.WriteLine($"[live] {connected}/{subscribers} subscribers connected ({all.Count(s => s.Transport == "websocket")} WebSocket, {all.Count(s => s.Transport == "sse")} SSE) in {connectWatch.Elapsed.TotalSeconds:F1} s");
foreach (var failure in all.Where(s => s.Ended is not null).Select(s => s.Ended).Distinct().Take(5))
{
    Console.Error.WriteLine($"[live]   failed: {failure}");
}

if (readyFile is not null)
{
    await File.WriteAllTextAsync(readyFile, connected.ToString(CultureInfo.InvariantCulture) + "\n");
}

// Measured window.
if (measureFile is not null)
{
    _ = Task.Run(async () =>
    {
        while (!File.Exists(measureFile) && !finish.Task.IsCompleted)
        {
            await Task.Delay(10);
        }

        measure.TrySetResult();
    });
}

await Task.WhenAny(measure.Task, finish.Task);
var self = Process.GetCurrentProcess();
var cpuFrom = self.TotalProcessorTime;
var wallFrom = Stopwatch.GetTimestamp();
run.StartMeasuring(DateTime.UtcNow.Ticks);
using var measuring = new CancellationTokenSource();
var pending = new List<long>();
var sampler = Task.Run(async () =>
{
    while (!measuring.IsCancellationRequested)
    {
        pending.Add(ThreadPool.PendingWorkItemCount);
        await Task.Delay(100, CancellationToken.None);
    }
}, CancellationToken.None);
var probes = 0;
var probeErrors = 0;
var prober = Task.Run(async () =>
{
    if (probeRate <= 0)
    {
        return;
    }

    var interval = TimeSpan.FromSeconds(1.0 / probeRate);
    var next = Stopwatch.GetTimestamp();
    while (!measuring.IsCancellationRequested && probes < run.ProbeSent.Length)
    {
        var n = probes++;
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/entities")
        {
            Content = new StringContent($"{{\"name\":\"Live probe {n}\",\"type\":\"concept\",\"source_type\":\"api\"}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("X-Request-ID", Wire.ProbePrefix + n.ToString(CultureInfo.InvariantCulture));
        run.ProbeSent[n] = DateTime.UtcNow.Ticks;
        try
        {
            using var response = await http.SendAsync(request, CancellationToken.None);
            run.ProbeAnswered[n] = DateTime.UtcNow.Ticks;
            if (response.StatusCode != HttpStatusCode.Created)
            {
                run.ProbeAnswered[n] = 0;
                Interlocked.Increment(ref probeErrors);
            }
        }
        catch (HttpRequestException)
        {
            Interlocked.Increment(ref probeErrors);
        }

        next += (long)(interval.TotalSeconds * Stopwatch.Frequency);
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, CancellationToken.None);
        }
    }
}, CancellationToken.None);

await finish.Task;
run.StopMeasuring(DateTime.UtcNow.Ticks);
var cpu = (self.TotalProcessorTime - cpuFrom).TotalSeconds;
var wall = Stopwatch.GetElapsedTime(wallFrom).TotalSeconds;
await measuring.CancelAsync();
await prober;
await sampler;

// Drain: the last events of the window reach every open stream (or DRAIN_SECONDS pass).
var drainWatch = Stopwatch.StartNew();
long head;
do
{
    await Task.Delay(200, CancellationToken.None);
    head = all.Max(s => s.Last);
}
while (drainWatch.Elapsed.TotalSeconds < drainSeconds && all.Any(s => s.Ended is null && s.Last < head));

await stop.CancelAsync();
await Task.WhenAll(streams.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));

// Report.
var delays = new Histogram();
foreach (var s in all)
{
    delays.Add(s.Delays);
}

var (distinct, gaps) = run.Union(head);
var open = all.Where(s => s.Connected.Task.Result && !s.Dropped && s.Ended is null or "closed by the server").ToList();
var missed = all.Where(s => s.Connected.Task.Result && !s.Dropped).Sum(s => Math.Max(0, distinct - s.Received + s.OutOfOrder));
var dropped = all.Count(s => s.Dropped);
var errors = all.Count(s => s.Ended is { } e && !s.Dropped && !e.StartsWith("closed by the server", StringComparison.Ordinal)) + (subscribers - connected);
var sent = new List<long>();
var answered = new List<long>();
var serverSide = new List<long>();
foreach (var s in all)
{
    foreach (var (probe, arrived) in s.ProbeArrivals)
    {
        if (run.ProbeAnswered[probe] > 0)
        {
            sent.Add((arrived - run.ProbeSent[probe]) / 10);
            answered.Add((arrived - run.ProbeAnswered[probe]) / 10);
        }
    }
}

for (var n = 0; n < probes; n++)
{
    if (run.ProbeAnswered[n] > 0 && run.ProbeCommitted[n] > 0)
    {
        serverSide.Add((run.ProbeAnswered[n] - run.ProbeCommitted[n]) / 10);
    }
}

var fields = new (string Key, object Value)[]
{
    ("subscribers", subscribers), ("connected", connected), ("websocket", all.Count(s => s.Transport == "websocket")), ("sse", all.Count(s => s.Transport == "sse")),
    ("events", distinct), ("deliveries", all.Sum(s => s.Received)), ("timed", delays.Count),
    ("p50_us", delays.Quantile(0.50)), ("p90_us", delays.Quantile(0.90)), ("p99_us", delays.Quantile(0.99)), ("max_us", delays.Max),
    ("dropped", dropped), ("missed", missed), ("out_of_order", all.Sum(s => s.OutOfOrder)), ("gaps", gaps), ("errors", errors),
    ("still_open", open.Count), ("drain_ms", (long)drainWatch.Elapsed.TotalMilliseconds),
    ("probes", probes), ("probe_errors", probeErrors), ("probe_deliveries", sent.Count),
    ("probe_sent_p50_us", Quantile(sent, 0.50)), ("probe_sent_p99_us", Quantile(sent, 0.99)),
    ("probe_answered_p50_us", Quantile(answered, 0.50)), ("probe_answered_p99_us", Quantile(answered, 0.99)),
    ("probe_answer_after_commit_p50_us", Quantile(serverSide, 0.50)),
    ("tool_cpu_cores", Math.Round(cpu / Math.Max(0.001, wall), 2)), ("tool_window_s", Math.Round(wall, 1)),
    ("tool_pending_max", pending.Count == 0 ? 0 : pending.Max()), ("tool_pending_mean", pending.Count == 0 ? 0 : Math.Round(pending.Average(), 1)),
};
Console.WriteLine("LIVE_RESULT " + string.Join(' ', fields.Select(f => f.Key + "=" + Convert.ToString(f.Value, CultureInfo.InvariantCulture))));
foreach (var failure in all.Where(s => s.Ended is not null && s.Ended != "closed by the server").GroupBy(s => s.Ended).Take(5))
{
    Console.Error.WriteLine($"[live] {failure.Count()} stream(s) ended: {failure.Key}");
}

return 0;

static string Required(string name) =>
    Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : throw new InvalidOperationException(name + " is required");

static int Int(string name, int fallback) =>
    int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

static long Quantile(List<long> values, double q)
{
    if (values.Count == 0)
    {
        return 0;
    }

    values.Sort();
    return values[Math.Clamp((int)Math.Ceiling(q * values.Count) - 1, 0, values.Count - 1)];
}
