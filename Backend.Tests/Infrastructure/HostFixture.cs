namespace Backend.Tests.Infrastructure;

/// <summary>One service host on its own freshly migrated database per test class (xunit class fixture).</summary>
public sealed class HostFixture : IAsyncLifetime
{
    private TestHost? _host;

    internal TestHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync() => _host = await TestHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
