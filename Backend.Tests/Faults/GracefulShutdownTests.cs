using System.Net;
using Backend.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Backend.Tests.Faults;

public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Stopping_lets_in_flight_requests_finish_and_refuses_new_ones()
    {
        var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["SHUTDOWN_GRACE_PERIOD"] = "15s" });
        try
        {
            var inFlight = host.CreateClient().GetAsync(new Uri("/api/v1/test-probes/sleep?seconds=2", UriKind.Relative));
            await Task.Delay(TimeSpan.FromMilliseconds(500));

            // What SIGTERM does: the host's lifetime begins a graceful stop.
            host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
            await Task.Delay(TimeSpan.FromMilliseconds(500));

            var completed = await inFlight;
            completed.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await completed.Content.ReadAsStringAsync()).ShouldContain("\"slept\":2");
            // A new request is refused: 503 while the listener still accepts, or no connection at all once it has closed.
            try
            {
                using var late = await host.CreateClient().GetAsync(new Uri("/health", UriKind.Relative));
                var problem = await late.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
                problem.GetProperty("type").GetString()!.ShouldEndWith("shutting-down");
            }
            catch (HttpRequestException)
            {
                // Connection refused: the listener is already closed.
            }
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
