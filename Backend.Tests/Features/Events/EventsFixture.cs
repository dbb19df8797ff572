using Backend.Tests.Infrastructure;

namespace Backend.Tests.Features.Events;

/// <summary>A service host on its own database with short live-update intervals (xunit class fixture).</summary>
public sealed class EventsFixture : IAsyncLifetime
{
    private TestHost? _host;

    internal TestHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    /// <summary>Shared by every host of a test so a token issued by one is valid on another (a second replica).</summary>
    private static readonly string JwtSecret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));

    internal static Dictionary<string, string?> Environment() => new()
    {
        ["JWT_SECRET"] = JwtSecret,
        ["EVENTS_AUTH_RECHECK"] = "200ms",
        ["EVENTS_HEARTBEAT"] = "1s",
        ["EVENTS_SUBSCRIBER_BUFFER"] = "2000",
        ["EVENTS_MAX_CONNECTIONS_PER_USER"] = "200",
    };

    public async Task InitializeAsync() => _host = await TestHost.StartAsync(Environment());

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
