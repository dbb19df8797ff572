using Backend.Data.Events;
using Backend.Tests.Infrastructure;
using Dapper;
using Npgsql;

namespace Backend.Tests.Features.Events;

/// <summary>
/// Writers notify only while some session waits for notifications (sql/0027): a session waits by holding the waiting
/// feeds' lock (backend_events.begin_waiting), and starting to wait returns only after every writer that skipped its
/// notification has committed, so no wake-up is lost. The live feed waits only when it has nothing to read.
/// </summary>
public sealed class FeedNotificationTests
{
    private const string InsertOne = """
        INSERT INTO backend_entities.entities (id, name, type, created_by, created_at, updated_at)
        VALUES (gen_random_uuid(), @name, 'organization', @userId, now(), now())
        """;

    // A log-in time: 0021's row trigger appends user.authenticated at COMMIT through backend_events.append().
    private const string LogIn = "UPDATE backend_auth.users SET last_login_at = clock_timestamp() WHERE id = @userId";

    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_commit_notifies_only_while_a_session_waits_and_starting_to_wait_outlasts_a_writer_that_did_not_notify()
    {
        // A database of its own, with no service on it after the schema and a user are in place: advisory locks are
        // per database, so no other feed waits here.
        var database = await TestPostgres.CreateDatabaseAsync();
        Guid userId;
        await using (var host = await TestHost.StartAsync(database: database))
        {
            (userId, _) = await AuthHelper.RegisterAndLoginAsync(host);
        }

        var unpooled = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString;
        await using var listener = new NpgsqlConnection(unpooled);
        await listener.OpenAsync();
        var notifications = 0;
        listener.Notification += (_, _) => Interlocked.Increment(ref notifications);
        await listener.ExecuteAsync($"LISTEN {EventRepository.Channel}");
        await using var writer = new NpgsqlConnection(unpooled);
        await writer.OpenAsync();

        // Nobody waits: the events are logged (a graph event, staged and flushed, and an account event, appended by
        // 0021's row trigger), nobody is notified.
        var logInsBefore = await LogInEventCountAsync(writer, userId);
        await writer.ExecuteAsync(InsertOne, new { name = "unannounced", userId });
        await writer.ExecuteAsync(LogIn, new { userId });
        (await listener.WaitAsync(Quiet)).ShouldBeFalse();
        notifications.ShouldBe(0);
        (await EventCountAsync(writer, "unannounced")).ShouldBe(1);
        (await LogInEventCountAsync(writer, userId)).ShouldBe(logInsBefore + 1);

        // A waiting session is notified of each commit, of either kind.
        await listener.ExecuteAsync("SELECT backend_events.begin_waiting()");
        await writer.ExecuteAsync(InsertOne, new { name = "announced", userId });
        (await listener.WaitAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue();
        notifications.ShouldBe(1);
        await writer.ExecuteAsync(LogIn, new { userId });
        (await listener.WaitAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue();
        notifications.ShouldBe(2);

        // It stops waiting: no notification again.
        (await listener.ExecuteScalarAsync<bool>("SELECT backend_events.end_waiting()")).ShouldBeTrue();
        await writer.ExecuteAsync(InsertOne, new { name = "after waiting", userId });
        (await listener.WaitAsync(Quiet)).ShouldBeFalse();
        notifications.ShouldBe(2);

        // A writer that found nobody waiting and has not committed yet (its events moved to the log at once under
        // SET CONSTRAINTS ALL IMMEDIATE): a session starting to wait waits for that commit, then sees the event.
        await using (var transaction = await writer.BeginTransactionAsync())
        {
            await writer.ExecuteAsync("SET CONSTRAINTS ALL IMMEDIATE", transaction: transaction);
            await writer.ExecuteAsync(InsertOne, new { name = "in flight", userId }, transaction);
            (await writer.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM backend_events.events WHERE data ->> 'name' = 'in flight'", transaction: transaction)).ShouldBe(1);

            var listenerPid = listener.ProcessID;
            var begin = listener.ExecuteAsync("SELECT backend_events.begin_waiting()");
            await using var observer = new NpgsqlConnection(unpooled);
            await observer.OpenAsync();
            await WaitUntilAsync(async () => await observer.ExecuteScalarAsync<string?>(
                "SELECT wait_event_type FROM pg_stat_activity WHERE pid = @listenerPid", new { listenerPid }) == "Lock");
            begin.IsCompleted.ShouldBeFalse();
            await transaction.CommitAsync();
            await begin.WaitAsync(TimeSpan.FromSeconds(30));
        }

        (await EventCountAsync(listener, "in flight")).ShouldBe(1);
        notifications.ShouldBe(2);

        // The wait ends with the session: once the waiting session is gone, commits are not announced.
        await listener.ExecuteScalarAsync<bool>("SELECT backend_events.end_waiting()");
        await using (var other = new NpgsqlConnection(unpooled))
        {
            await other.OpenAsync();
            await other.ExecuteAsync("SELECT backend_events.begin_waiting()");
            await writer.ExecuteAsync(InsertOne, new { name = "while the other waits", userId });
            (await listener.WaitAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue();
            notifications.ShouldBe(3);
            await writer.ExecuteAsync("SELECT pg_terminate_backend(@pid)", new { pid = other.ProcessID });
        }

        await WaitUntilAsync(async () => await writer.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND ((classid::bigint << 32) | objid::bigint) = backend_events.feed_wait_lock_key()") == 0);
        await writer.ExecuteAsync(InsertOne, new { name = "after the other ended", userId });
        (await listener.WaitAsync(Quiet)).ShouldBeFalse();
        notifications.ShouldBe(3);
    }

    [Fact]
    public async Task The_live_feed_is_woken_by_a_notification_when_idle_and_waits_again_after_a_stream_of_commits()
    {
        // With a five-minute safety-net poll, only a notification can bring an idle feed's events within the
        // stream's patience (60 s).
        var environment = EventsFixture.Environment();
        environment["EVENTS_POLL_INTERVAL"] = "5m";
        await using var host = await TestHost.StartAsync(environment);
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(host);
        using var client = host.CreateClient(token);
        await using var stream = await SseStream.OpenAsync(client, "/api/v1/events?types=entity.created");

        await WaitForWaitingFeedAsync(host);
        var first = await EventsApi.CreateEntityAsync(client);
        (await stream.ReadUntilAsync(f => EventsApi.IsCreated(f, first))).Count.ShouldBe(1);

        // A stream of commits: every event arrives, in commit order.
        var created = new List<Guid>();
        for (var i = 0; i < 40; i++)
        {
            created.Add(await EventsApi.CreateEntityAsync(client));
        }

        var frames = await stream.ReadUntilAsync(f => EventsApi.IsCreated(f, created[^1]));
        frames.Select(f => f.Json.GetProperty("data").GetProperty("id").GetGuid()).ShouldBe(created);
        frames.Select(f => f.Id!.Value).ShouldBeInOrder();

        // Idle again: the feed waits, and the next commit wakes it.
        await WaitForWaitingFeedAsync(host);
        var last = await EventsApi.CreateEntityAsync(client);
        (await stream.ReadUntilAsync(f => EventsApi.IsCreated(f, last))).Count.ShouldBe(1);
    }

    private static async Task WaitForWaitingFeedAsync(TestHost host)
    {
        await using var connection = await host.DataSource.OpenConnectionAsync();
        await WaitUntilAsync(async () => await connection.ExecuteScalarAsync<long>(
            """
            SELECT count(*) FROM pg_locks
            WHERE locktype = 'advisory' AND mode = 'ShareLock' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND ((classid::bigint << 32) | objid::bigint) = backend_events.feed_wait_lock_key()
            """) == 1);
    }

    private static Task<long> EventCountAsync(NpgsqlConnection connection, string name) =>
        connection.ExecuteScalarAsync<long>("SELECT count(*) FROM backend_events.events WHERE data ->> 'name' = @name", new { name });

    private static Task<long> LogInEventCountAsync(NpgsqlConnection connection, Guid userId) =>
        connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM backend_events.events WHERE event_type = 'user.authenticated' AND owner_id = @userId", new { userId });

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the condition did not hold within 30 s");
            await Task.Delay(20);
        }
    }
}
