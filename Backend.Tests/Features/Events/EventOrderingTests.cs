using Backend.Data.Events;
using Backend.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Backend.Tests.Features.Events;

/// <summary>The capture triggers and the commit order of positions, straight against the database.</summary>
public sealed class EventOrderingTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task A_reader_following_the_log_during_concurrent_writes_never_skips_an_event()
    {
        var (userId, _) = await AuthHelper.RegisterAndLoginAsync(Host);
        var events = Host.Services.GetRequiredService<EventRepository>();
        var (start, _) = await events.ReadBoundsAsync(default);
        var names = Enumerable.Range(0, 200).Select(i => $"order-{Guid.NewGuid():N}-{i}").ToList();
        using var writing = new CancellationTokenSource();

        // Writers hold their transactions open for varying times after inserting, so transactions that took a sequence
        // value early would commit late: a reader that moved past them would skip their events.
        var writers = Task.Run(async () =>
        {
            await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (name, ct) =>
            {
                await using var connection = await Host.DataSource.OpenConnectionAsync(ct);
                await using var transaction = await connection.BeginTransactionAsync(ct);
                await connection.ExecuteAsync(
                    """
                    INSERT INTO backend_entities.entities (id, name, type, created_by, created_at, updated_at)
                    VALUES (gen_random_uuid(), @name, 'organization', @userId, now(), now())
                    """,
                    new { name, userId },
                    transaction);
                await connection.ExecuteAsync("SELECT pg_sleep(@seconds)", new { seconds = Random.Shared.Next(0, 20) / 1000.0 }, transaction);
                await transaction.CommitAsync(ct);
            });
            await writing.CancelAsync();
        });

        var followed = new List<EventRow>();
        var last = start;
        while (true)
        {
            var done = writing.IsCancellationRequested;
            var page = await events.ReadAfterAsync(last, 1000, default);
            followed.AddRange(page);
            last = page.Count > 0 ? page[^1].Position : last;
            if (done && page.Count == 0)
            {
                break;
            }
        }

        await writers;
        var all = await events.ReadAfterAsync(start, 10_000, default);
        followed.Select(e => e.Position).ShouldBe(all.Select(e => e.Position));
        followed.Count(e => e.EventType == "entity.created").ShouldBe(names.Count);
    }

    [Fact]
    public async Task A_rolled_back_change_appends_no_event()
    {
        var (userId, _) = await AuthHelper.RegisterAndLoginAsync(Host);
        var name = "rolled-back-" + Guid.NewGuid().ToString("N");
        await using (var connection = await Host.DataSource.OpenConnectionAsync())
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await connection.ExecuteAsync(
                "INSERT INTO backend_entities.entities (id, name, type, created_by, created_at, updated_at) VALUES (gen_random_uuid(), @name, 'organization', @userId, now(), now())",
                new { name, userId },
                transaction);
            await transaction.RollbackAsync();
        }

        await using var check = await Host.DataSource.OpenConnectionAsync();
        (await check.ExecuteScalarAsync<long>("SELECT count(*) FROM backend_events.events WHERE data ->> 'name' = @name", new { name })).ShouldBe(0);
    }

    [Fact]
    public async Task Account_events_carry_no_email_hash_or_token_and_name_the_request()
    {
        var email = AuthHelper.NewEmail();
        var userId = await AuthHelper.RegisterAsync(Host, email);
        await AuthHelper.LoginAsync(Host, email);

        await using var connection = await Host.DataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<(string Type, string Data, string Audience, Guid? Owner)>(
            "SELECT event_type, data::text, audience, owner_id FROM backend_events.events WHERE @userId = ANY(subject_ids) ORDER BY position",
            new { userId })).ToList();

        rows.Select(r => r.Type).ShouldBe(["user.registered", "user.authenticated"]);
        rows.ShouldAllBe(r => !r.Data.Contains('@') && !r.Data.Contains("argon2") && !r.Data.Contains("token"));
        rows.ShouldAllBe(r => r.Audience == "admin" && r.Owner == userId);
    }

    [Fact]
    public async Task A_batch_appends_its_entity_events_then_one_batch_applied_event_with_the_request_id()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var requestId = "batch-" + Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/entities/batch", UriKind.Relative))
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { entities = Enumerable.Range(0, 3).Select(i => new { name = $"Batch {requestId} {i}", type = "organization" }) }),
        };
        request.Headers.Add("X-Request-ID", requestId);
        using var response = await client.SendAsync(request);
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());

        await using var connection = await Host.DataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<(string Type, string Data)>(
            "SELECT event_type, data::text FROM backend_events.events WHERE correlation_id = @requestId ORDER BY position", new { requestId })).ToList();

        rows.Select(r => r.Type).ShouldBe(["entity.created", "entity.created", "entity.created", "graph.batch_applied"]);
        rows[^1].Data.ShouldContain("\"entities_created\": 3");
    }
}
