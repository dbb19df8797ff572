using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

// Ingestion benchmark: submits DOCS documents through the API while a stand-in AI module takes the job messages;
// BROKER_RESTART_CMD restarts the broker when half of them are in. The stand-in holds its answers until every
// submission is in, then publishes them in one burst (a fixed extraction of 20 entities and 30 relationships each),
// so "results applied/s" is the service's consumer at full speed. Prints one markdown table.
var api = new Uri(Required("API"));
var token = Required("TOKEN");
var amqp = new Uri(Required("AMQP_URL"));
var docs = int.Parse(Environment.GetEnvironmentVariable("DOCS") ?? "3000", CultureInfo.InvariantCulture);
var concurrency = int.Parse(Environment.GetEnvironmentVariable("CONCURRENCY") ?? "16", CultureInfo.InvariantCulture);
var restartCommand = Environment.GetEnvironmentVariable("BROKER_RESTART_CMD") is { Length: > 0 } command ? command : null;

using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(60) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

var factory = new ConnectionFactory { Uri = amqp, AutomaticRecoveryEnabled = true, TopologyRecoveryEnabled = true, NetworkRecoveryInterval = TimeSpan.FromSeconds(1) };
var received = new ConcurrentDictionary<string, Guid>();
var duplicates = 0;
var jobs = new ConcurrentQueue<Guid>();
await using var connection = await ConnectAsync(factory);
await using var consume = await connection.CreateChannelAsync();
await consume.BasicQosAsync(0, 200, false);
foreach (var queue in new[] { "ai.jobs.high", "ai.jobs.normal", "ai.jobs.low", "ai.results", "ai.errors" })
{
    await consume.QueueDeclareAsync(queue, true, false, false, new Dictionary<string, object?> { ["x-message-ttl"] = 3_600_000, ["x-max-length"] = 10_000 });
}

foreach (var queue in new[] { "ai.jobs.high", "ai.jobs.normal", "ai.jobs.low" })
{
    var consumer = new AsyncEventingBasicConsumer(consume);
    consumer.ReceivedAsync += async (_, delivery) =>
    {
        var jobId = JsonDocument.Parse(delivery.Body).RootElement.GetProperty("job_id").GetGuid();
        if (received.TryAdd(delivery.BasicProperties.MessageId ?? Guid.NewGuid().ToString(), jobId))
        {
            jobs.Enqueue(jobId);
        }
        else
        {
            Interlocked.Increment(ref duplicates);
        }

        await consume.BasicAckAsync(delivery.DeliveryTag, false);
    };
    await consume.BasicConsumeAsync(queue, false, consumer);
}

// Submissions.
var accepted = 0;
var failed = 0;
var latencies = new ConcurrentBag<double>();
var next = 0;
var restarted = false;
var restart = Task.CompletedTask;
var clock = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
{
    while (true)
    {
        var n = Interlocked.Increment(ref next);
        if (n > docs)
        {
            return;
        }

        if (n == docs / 2 && restartCommand is not null)
        {
            restarted = true;
            restart = Task.Run(() => Process.Start("/bin/sh", ["-c", restartCommand])!.WaitForExitAsync());
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.PostAsync(new Uri("/api/v1/documents", UriKind.Relative), new StringContent(
                $$"""{"content":"Bench document {{n}}: Ada Lovelace worked with Charles Babbage in London on the Analytical Engine.","document_type":"text"}""",
                Encoding.UTF8,
                "application/json"));
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                Interlocked.Increment(ref accepted);
            }
            else
            {
                Interlocked.Increment(ref failed);
            }
        }
        catch (HttpRequestException)
        {
            Interlocked.Increment(ref failed);
        }

        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}));
var submitSeconds = clock.Elapsed.TotalSeconds;
await restart;

// Every job message must arrive (the relay catches up after the restart).
var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
while (received.Count < accepted && DateTime.UtcNow < deadline)
{
    await Task.Delay(100);
}

var delivered = received.Count;
var completedBefore = await CompletedAsync(http);

// The burst: every result at once; the service applies them as fast as it can.
await using var publish = await connection.CreateChannelAsync(new CreateChannelOptions(true, true));
var burst = Stopwatch.StartNew();
var results = jobs.ToArray();
foreach (var chunk in results.Chunk(100))
{
    await Task.WhenAll(chunk.Select(jobId => publish.BasicPublishAsync(string.Empty, "ai.results", true,
        new BasicProperties { MessageId = Guid.NewGuid().ToString(), ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent },
        Encoding.UTF8.GetBytes(Result(jobId))).AsTask()));
}

var published = burst.Elapsed.TotalSeconds;
long completed;
do
{
    await Task.Delay(100);
    completed = await CompletedAsync(http) - completedBefore;
}
while (completed < results.Length && DateTime.UtcNow < deadline);
var applySeconds = burst.Elapsed.TotalSeconds;

var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
var sorted = latencies.Order().ToArray();
var table = new StringBuilder()
    .AppendLine("| documents | broker restart | accepted (202) | submissions/s | submit p50 / p99 (ms) | job messages delivered | duplicates seen | outbox lag p99 | results applied/s | entities upserted/s |")
    .AppendLine("|---|---|---|---|---|---|---|---|---|---|")
    .AppendLine(CultureInfo.InvariantCulture, $"| {docs} | {(restarted ? "yes, at 50 %" : "no")} | {accepted} ({100.0 * accepted / docs:0.0} %) | {accepted / submitSeconds:0} | " +
        $"{Percentile(sorted, 0.5):0.0} / {Percentile(sorted, 0.99):0.0} | {delivered} | {duplicates} | ≤ {HistogramPercentile(metrics, "backend_outbox_lag_seconds", 0.99)} s | " +
        $"{completed / applySeconds:0} | {20 * completed / applySeconds:0} |");
Console.WriteLine(table);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"results: {completed} of {results.Length} applied in {applySeconds:0.0} s (published in {published:0.0} s); submissions took {submitSeconds:0.0} s; failed submissions {failed}"));
return completed == results.Length && accepted >= docs * 0.95 ? 0 : 1;

static string Required(string name) => Environment.GetEnvironmentVariable(name) ?? throw new InvalidOperationException(name + " is required");

static async Task<IConnection> ConnectAsync(ConnectionFactory factory)
{
    for (var attempt = 0; ; attempt++)
    {
        try
        {
            return await factory.CreateConnectionAsync();
        }
        catch (Exception) when (attempt < 60)
        {
            await Task.Delay(500);
        }
    }
}

static async Task<long> CompletedAsync(HttpClient http)
{
    using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/v1/dashboard", UriKind.Relative)));
    return document.RootElement.GetProperty("data").GetProperty("processing_status").GetProperty("completed").GetInt64();
}

static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

// The upper bound of the bucket holding the p-quantile of a prometheus-net histogram.
static string HistogramPercentile(string scrape, string name, double p)
{
    var buckets = scrape.Split('\n')
        .Where(l => l.StartsWith(name + "_bucket{le=\"", StringComparison.Ordinal))
        .Select(l => (Le: l[(name.Length + 12)..l.IndexOf('"', name.Length + 12)], Count: double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture)))
        .ToList();
    var total = buckets.LastOrDefault().Count;
    return total == 0 ? "n/a" : buckets.First(b => b.Count >= p * total).Le;
}

// A fixed extraction: 20 entities (names repeat every 200 documents, so later results merge into existing entities)
// and 30 relationships between them.
static string Result(Guid jobId)
{
    var variant = (uint)jobId.GetHashCode() % 200;
    var entities = string.Join(',', Enumerable.Range(0, 20).Select(i => $$"""{"id":"e{{i}}","text":"Bench Entity {{i}} v{{variant}}","type":"concept","confidence":0.9}"""));
    var relationships = string.Join(',', Enumerable.Range(0, 30).Select(i => $$"""{"source":"e{{i % 20}}","target":"e{{(i + 1 + (i / 20)) % 20}}","type":"related_to","confidence":0.8}"""));
    return "{\"job_id\":\"" + jobId + "\",\"status\":\"completed\",\"result\":{\"entities\":[" + entities + "],\"relationships\":[" + relationships +
        "],\"stats\":{\"entities_extracted\":20,\"relationships_found\":30,\"processing_time_seconds\":0.5}},\"completed_at\":\"2026-11-29T12:00:00Z\"}";
}
