using Backend.Data.Events;
using Backend.Tests.Infrastructure;
using Dapper;

namespace Backend.Tests.Features.Events;

/// <summary>
/// Entity and relationship events are staged per statement and moved into the log once per transaction at COMMIT
/// (sql/0025): the same events, in the order the statements changed the rows, in commit order.
/// </summary>
public sealed class StatementCaptureTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private const string InsertThree = """
        INSERT INTO backend_entities.entities (id, name, type, created_by, created_at, updated_at)
        SELECT gen_random_uuid(), @prefix || ' ' || g, 'organization', @userId, now(), now() FROM generate_series(1, 3) g
        """;

    private TestHost Host => fixture.Host;

    [Fact]
    public async Task A_statement_inserting_three_entities_appends_three_events_in_insert_order_at_consecutive_positions_and_notifies()
    {
        var (userId, _) = await AuthHelper.RegisterAndLoginAsync(Host);
        var prefix = "stmt-" + Guid.NewGuid().ToString("N");
        await using var listener = await Host.DataSource.OpenConnectionAsync();
        var notified = 0;
        listener.Notification += (_, _) => Interlocked.Increment(ref notified);
        await listener.ExecuteAsync($"LISTEN {EventRepository.Channel}");
        // Writers notify only while some session waits (sql/0027).
        await listener.ExecuteAsync("SELECT backend_events.begin_waiting()");

        await using (var connection = await Host.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(InsertThree, new { prefix, userId });
        }

        await listener.WaitAsync(TimeSpan.FromSeconds(30));
        notified.ShouldBeGreaterThan(0);
        // A pooled connection keeps its session state (no reset on close): leave it as it was.
        await listener.ExecuteAsync($"UNLISTEN {EventRepository.Channel}; SELECT backend_events.end_waiting()");
        await using var check = await Host.DataSource.OpenConnectionAsync();
        var events = (await check.QueryAsync<(long Position, string Type, string Name)>(
            "SELECT position, event_type, data ->> 'name' FROM backend_events.events WHERE data ->> 'name' LIKE @prefix || '%' ORDER BY position",
            new { prefix })).ToList();
        events.Select(e => e.Name).ShouldBe([$"{prefix} 1", $"{prefix} 2", $"{prefix} 3"]);
        events.ShouldAllBe(e => e.Type == "entity.created");
        (events[2].Position - events[0].Position).ShouldBe(2);
        (await check.ExecuteScalarAsync<long>("SELECT count(*) FROM backend_events.pending")).ShouldBe(0);
    }

    [Fact]
    public async Task An_update_statement_appends_one_event_per_changed_row_and_none_for_rows_it_left_as_they_were()
    {
        var (userId, _) = await AuthHelper.RegisterAndLoginAsync(Host);
        var prefix = "upd-" + Guid.NewGuid().ToString("N");
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(InsertThree, new { prefix, userId });

        await connection.ExecuteAsync(
            """
            UPDATE backend_entities.entities
            SET version = version + (name <> @prefix || ' 2')::int,
                is_active = name <> @prefix || ' 3', deleted_at = CASE WHEN name = @prefix || ' 3' THEN now() END
            WHERE name LIKE @prefix || '%'
            """,
            new { prefix });

        var types = (await connection.QueryAsync<(string Type, string Name)>(
            "SELECT event_type, data ->> 'name' FROM backend_events.events WHERE data ->> 'name' LIKE @prefix || '%' AND event_type <> 'entity.created' ORDER BY position",
            new { prefix })).OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        types.ShouldBe([("entity.updated", $"{prefix} 1"), ("entity.deleted", $"{prefix} 3")]);
    }

    [Fact]
    public async Task A_rolled_back_savepoint_drops_its_events_and_keeps_the_rest_deferred_or_immediate()
    {
        var (userId, _) = await AuthHelper.RegisterAndLoginAsync(Host);
        foreach (var immediate in new[] { false, true })
        {
            var prefix = "sp-" + Guid.NewGuid().ToString("N");
            await using var connection = await Host.DataSource.OpenConnectionAsync();
            await using (var transaction = await connection.BeginTransactionAsync())
            {
                if (immediate)
                {
                    await connection.ExecuteAsync("SET CONSTRAINTS ALL IMMEDIATE", transaction: transaction);
                }

                await transaction.SaveAsync("first");
                await connection.ExecuteAsync(InsertThree, new { prefix = prefix + "-gone", userId }, transaction);
                await transaction.RollbackAsync("first");
                await connection.ExecuteAsync(InsertThree, new { prefix = prefix + "-kept", userId }, transaction);
                await connection.ExecuteAsync(InsertThree, new { prefix = prefix + "-also", userId }, transaction);
                await transaction.CommitAsync();
            }

            var names = (await connection.QueryAsync<string>(
                "SELECT data ->> 'name' FROM backend_events.events WHERE data ->> 'name' LIKE @prefix || '%' ORDER BY position", new { prefix })).ToList();
            names.ShouldBe([$"{prefix}-kept 1", $"{prefix}-kept 2", $"{prefix}-kept 3", $"{prefix}-also 1", $"{prefix}-also 2", $"{prefix}-also 3"]);
            (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM backend_events.pending")).ShouldBe(0);
        }
    }

    [Fact]
    public async Task Two_batch_statements_in_one_transaction_announce_one_batch_applied_after_both_with_both_counts()
    {
        var (userId, _) = await AuthHelper.RegisterAndLoginAsync(Host);
        var requestId = "two-batches-" + Guid.NewGuid().ToString("N");
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            foreach (var part in new[] { "a", "b" })
            {
                await connection.ExecuteAsync(
                    """
                    WITH e AS (
                        INSERT INTO backend_entities.entities (id, name, type, created_by, created_at, updated_at)
                        SELECT gen_random_uuid(), @requestId || @part || g, 'organization', @userId, now(), now() FROM generate_series(1, 2) g
                        RETURNING id
                    )
                    INSERT INTO backend_audit.audit_events (id, occurred_at, actor_id, action, target_type, target_id, outcome, request_id, details)
                    SELECT gen_random_uuid(), now(), @userId, 'entity.create', 'entity', e.id, 'success', @requestId, '{"batch": true}' FROM e
                    """,
                    new { requestId, part, userId },
                    transaction);
            }

            await transaction.CommitAsync();
        }

        var events = (await connection.QueryAsync<(string Type, string Data)>(
            "SELECT event_type, data::text FROM backend_events.events WHERE correlation_id = @requestId ORDER BY position", new { requestId })).ToList();
        events.Select(e => e.Type).ShouldBe(["entity.created", "entity.created", "entity.created", "entity.created", "graph.batch_applied"]);
        events[^1].Data.ShouldContain("\"entities_created\": 4");
    }

    [Fact]
    public async Task A_transaction_that_changes_nothing_stages_nothing()
    {
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("UPDATE backend_entities.entities SET version = version + 1 WHERE id = gen_random_uuid()", transaction: transaction);
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM backend_events.pending", transaction: transaction)).ShouldBe(0);
        await transaction.CommitAsync();
    }
}
