using Backend.Api.Hosting.Settings;
using Backend.Tests.Infrastructure;
using Dapper;

namespace Backend.Tests.Features.Audit;

public sealed class AuditRetentionTests
{
    [Fact]
    public async Task The_daily_pruner_deletes_events_older_than_AUDIT_RETENTION_DAYS()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["AUDIT_RETENTION_DAYS"] = "30" });
        host.Settings.AuditRetentionDays.ShouldBe(30);
        var now = host.Time.GetUtcNow();
        var old = Guid.NewGuid();
        var recent = Guid.NewGuid();
        await using var connection = await host.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO backend_audit.audit_events (id, occurred_at, action, outcome) VALUES
                (@old, @oldAt, 'test.retention', 'success'), (@recent, @recentAt, 'test.retention', 'success')
            """,
            new { old, oldAt = now.AddDays(-30).AddHours(1), recent, recentAt = now.AddDays(-28) });

        // A day later the old event is past 30 days; the recent one is 29 days old.
        host.Time.Advance(TimeSpan.FromDays(1));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        List<Guid> left;
        do
        {
            await Task.Delay(50);
            left = (await connection.QueryAsync<Guid>("SELECT id FROM backend_audit.audit_events WHERE action = 'test.retention'")).ToList();
        }
        while (left.Count > 1 && DateTime.UtcNow < deadline);

        left.ShouldBe([recent]);
    }

    [Fact]
    public void AUDIT_RETENTION_DAYS_defaults_to_365_and_rejects_nonsense()
    {
        var environment = new Dictionary<string, string?> { ["DATABASE_URL"] = "postgres://u:p@localhost/db", ["JWT_SECRET"] = new string('x', 48) };
        BackendSettings.Load(environment).Settings.AuditRetentionDays.ShouldBe(365);
        environment["AUDIT_RETENTION_DAYS"] = "0";
        BackendSettings.Load(environment).Errors.ShouldContain(e => e.StartsWith("AUDIT_RETENTION_DAYS", StringComparison.Ordinal));
    }
}
