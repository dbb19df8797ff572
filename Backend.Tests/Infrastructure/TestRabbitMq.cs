using System.Net.Http.Headers;
using System.Text;

namespace Backend.Tests.Infrastructure;

/// <summary>
/// The RabbitMQ broker of the test run: TEST_RABBITMQ_URL when set (a broker with the management plugin, whose HTTP API
/// on port 15672 creates the virtual hosts), else one private node started from the machine's binaries, shared by the run
/// and removed when it ends (also after failures). Every caller gets a fresh virtual host of its own, so test classes
/// running in parallel never see each other's queues.
/// </summary>
internal static class TestRabbitMq
{
    private static readonly Lazy<Task<Broker>> Shared = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private sealed record Broker(Uri Url, RabbitMqNode? Node);

    /// <summary>A new, empty virtual host; returns its amqp:// URL.</summary>
    public static async Task<Uri> CreateVirtualHostAsync(CancellationToken ct = default)
    {
        var broker = await Shared.Value;
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        if (broker.Node is not null)
        {
            await broker.Node.AddVirtualHostAsync(name, ct);
            return broker.Node.Url(name);
        }

        await CreateOverManagementApiAsync(broker.Url, name, ct);
        return new UriBuilder(broker.Url) { Path = "/" + name }.Uri;
    }

    /// <summary>A node of the caller's own, for tests that stop and start the broker; the caller disposes it.</summary>
    public static Task<RabbitMqNode> StartPrivateNodeAsync(CancellationToken ct = default) => RabbitMqNode.StartAsync(ct);

    private static async Task<Broker> StartAsync()
    {
        var url = Environment.GetEnvironmentVariable("TEST_RABBITMQ_URL");
        if (!string.IsNullOrWhiteSpace(url))
        {
            return new Broker(new Uri(url), null);
        }

        var node = await RabbitMqNode.StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => node.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return new Broker(node.Url(), node);
    }

    private static async Task CreateOverManagementApiAsync(Uri amqp, string name, CancellationToken ct)
    {
        var user = Uri.UnescapeDataString(amqp.UserInfo.Split(':')[0]);
        var password = Uri.UnescapeDataString(amqp.UserInfo.Split(':').ElementAtOrDefault(1) ?? string.Empty);
        var management = Environment.GetEnvironmentVariable("TEST_RABBITMQ_MANAGEMENT_URL") ?? $"http://{amqp.Host}:15672";
        using var client = new HttpClient { BaseAddress = new Uri(management) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        using var vhost = await client.PutAsync(new Uri($"/api/vhosts/{name}", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"), ct);
        vhost.EnsureSuccessStatusCode();
        using var permissions = await client.PutAsync(
            new Uri($"/api/permissions/{name}/{Uri.EscapeDataString(user)}", UriKind.Relative),
            new StringContent("""{"configure":".*","write":".*","read":".*"}""", Encoding.UTF8, "application/json"),
            ct);
        permissions.EnsureSuccessStatusCode();
    }
}
