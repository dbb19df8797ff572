using Backend.Tests.Infrastructure;

namespace Backend.Tests.Hosting;

public sealed class DumpDocTmp(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task Dump()
    {
        await File.WriteAllTextAsync("/tmp/oa/doc.json", await fixture.Host.Client.GetStringAsync(new Uri("/api/v1/openapi.json", UriKind.Relative)));
        await File.WriteAllTextAsync("/tmp/oa/logs.txt", string.Join("\n", fixture.Host.Logs.Lines));
    }
}
