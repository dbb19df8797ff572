using System.Net;
using System.Net.Http.Json;
using Backend.Api.Features.Events;
using Backend.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Backend.Tests.Features.Events;

public sealed class SseStreamTests(EventsFixture fixture) : IClassFixture<EventsFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task An_entity_created_through_the_API_reaches_a_subscriber_in_the_platform_shape()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        await using var stream = await SseStream.OpenAsync(client, "/api/v1/events");
        var requestId = "live-" + Guid.NewGuid().ToString("N");

        var id = await EventsApi.CreateEntityAsync(client, requestId);

        var frame = (await stream.ReadUntilAsync(f => EventsApi.IsCreated(f, id)))[^1];
        frame.Id.ShouldNotBeNull();
        var json = frame.Json;
        json.EnumerateObject().Select(p => p.Name).ShouldBe(["event_id", "event_type", "timestamp", "source_module", "correlation_id", "data"]);
        json.GetProperty("event_type").GetString().ShouldBe("entity.created");
        json.GetProperty("source_module").GetString().ShouldBe("backend");
        json.GetProperty("correlation_id").GetString().ShouldBe(requestId);
        Guid.TryParse(json.GetProperty("event_id").GetString(), out _).ShouldBeTrue();
        json.GetProperty("data").GetProperty("type").GetString().ShouldBe("organization");
    }

    [Fact]
    public async Task A_change_made_through_a_second_instance_on_the_same_database_reaches_the_subscriber()
    {
        await using var second = await TestHost.StartAsync(EventsFixture.Environment(), Host.Database);
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var firstClient = Host.CreateClient(token);
        using var secondClient = second.CreateClient(token);
        await using var onFirst = await SseStream.OpenAsync(firstClient, "/api/v1/events?types=entity.created");
        await using var onSecond = await SseStream.OpenAsync(secondClient, "/api/v1/events?types=entity.created");

        var id = await EventsApi.CreateEntityAsync(secondClient);

        (await onFirst.ReadUntilAsync(f => EventsApi.IsCreated(f, id))).ShouldNotBeEmpty();
        (await onSecond.ReadUntilAsync(f => EventsApi.IsCreated(f, id))).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Resume_with_Last_Event_ID_delivers_exactly_the_missed_events_in_order()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var marker = await EventsApi.CreateEntityAsync(client);
        long lastSeen;
        await using (var stream = await SseStream.OpenAsync(client, "/api/v1/events?types=entity.*"))
        {
            var mine = await EventsApi.CreateEntityAsync(client);
            lastSeen = (await stream.ReadUntilAsync(f => EventsApi.IsCreated(f, mine)))[^1].Id!.Value;
        }

        var missed = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            missed.Add(await EventsApi.CreateEntityAsync(client));
        }

        await using var resumed = await SseStream.OpenAsync(client, "/api/v1/events?types=entity.*", lastSeen);
        var frames = await resumed.ReadUntilAsync(f => EventsApi.IsCreated(f, missed[^1]));

        var created = frames.Where(f => f.Event == "entity.created").ToList();
        created.Select(f => f.Json.GetProperty("data").GetProperty("id").GetGuid()).Where(missed.Contains).ShouldBe(missed);
        frames.Select(f => f.Id!.Value).ShouldBeInOrder(SortDirection.Ascending);
        frames.ShouldAllBe(f => f.Id > lastSeen);
        frames.Select(f => f.Id).Distinct().Count().ShouldBe(frames.Count);
        created.ShouldNotContain(f => f.Json.GetProperty("data").GetProperty("id").GetGuid() == marker);
    }

    [Fact]
    public async Task Resume_with_the_after_parameter_works_like_Last_Event_ID()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var first = await EventsApi.CreateEntityAsync(client);
        var second = await EventsApi.CreateEntityAsync(client);
        long firstPosition;
        await using (var all = await SseStream.OpenAsync(client, "/api/v1/events?after=0&entity_id=" + first))
        {
            firstPosition = (await all.ReadUntilAsync(f => EventsApi.IsCreated(f, first)))[^1].Id!.Value;
        }

        await using var resumed = await SseStream.OpenAsync(client, $"/api/v1/events?after={firstPosition}&entity_id={first},{second}");
        var frame = await resumed.NextAsync();

        frame.ShouldNotBeNull();
        EventsApi.IsCreated(frame, second).ShouldBeTrue();
    }

    [Fact]
    public async Task A_user_sees_only_the_events_they_may_see()
    {
        var ownerEmail = AuthHelper.NewEmail();
        var ownerId = await AuthHelper.RegisterAsync(Host, ownerEmail);
        var ownerToken = (await AuthHelper.LoginAsync(Host, ownerEmail)).GetProperty("access_token").GetString()!;
        var (otherId, otherToken) = await AuthHelper.RegisterAndLoginAsync(Host);
        var (_, moderatorToken) = await AuthHelper.RegisterAndLoginAsync(Host, "moderator");
        using var owner = Host.CreateClient(ownerToken);
        using var other = Host.CreateClient(otherToken);
        using var moderator = Host.CreateClient(moderatorToken);
        await using var ownerStream = await SseStream.OpenAsync(owner, "/api/v1/events");
        await using var otherStream = await SseStream.OpenAsync(other, "/api/v1/events");
        await using var moderatorStream = await SseStream.OpenAsync(moderator, "/api/v1/events");

        using var submitted = await owner.PostAsJsonAsync(new Uri("/api/v1/documents", UriKind.Relative), new { content = "Ada Lovelace met Charles Babbage.", document_type = "article" });
        submitted.StatusCode.ShouldBe(HttpStatusCode.Accepted, await submitted.Content.ReadAsStringAsync());
        Host.Time.Advance(TimeSpan.FromSeconds(1)); // a later login instant than the first one
        await AuthHelper.LoginAsync(Host, ownerEmail);
        var marker = await EventsApi.CreateEntityAsync(owner);

        var ownerFrames = await ownerStream.ReadUntilAsync(f => EventsApi.IsCreated(f, marker));
        var otherFrames = await otherStream.ReadUntilAsync(f => EventsApi.IsCreated(f, marker));
        var moderatorFrames = await moderatorStream.ReadUntilAsync(f => EventsApi.IsCreated(f, marker));

        ownerFrames.ShouldContain(f => f.Event == "content.submitted");
        ownerFrames.ShouldContain(f => f.Event == "user.authenticated");
        moderatorFrames.ShouldContain(f => f.Event == "content.submitted");
        moderatorFrames.ShouldNotContain(f => f.Event!.StartsWith("user.", StringComparison.Ordinal));
        otherFrames.ShouldNotContain(f => f.Event == "content.submitted");
        otherFrames.ShouldNotContain(f => f.Data.Contains(ownerId.ToString(), StringComparison.Ordinal) && f.Event!.StartsWith("user.", StringComparison.Ordinal));
        otherFrames.ShouldAllBe(f => !f.Data.Contains("@example.com") && !f.Data.Contains("argon2"));
        otherId.ShouldNotBe(ownerId);
    }

    [Fact]
    public async Task Ending_every_session_closes_the_stream_with_the_reason()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        await using var stream = await SseStream.OpenAsync(client, "/api/v1/events");

        using var logout = await client.PostAsJsonAsync(new Uri("/api/v1/auth/logout", UriKind.Relative), new { all = true });
        logout.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var close = (await stream.ReadUntilAsync(f => f.Event == "close"))[^1];
        close.Json.GetProperty("reason").GetString().ShouldBe("revoked");
        (await stream.NextAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task Filters_by_event_type_and_entity_id()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        var graph = new GraphClient(Host.CreateClient(token));
        var watched = await graph.CreateEntityAsync();
        await using var stream = await SseStream.OpenAsync(graph.Http, $"/api/v1/events?types=relationship.*&entity_id={watched}");

        var unrelated = await graph.LinkAsync(await graph.CreateEntityAsync(), await graph.CreateEntityAsync());
        var related = await graph.LinkAsync(await graph.CreateEntityAsync(), watched);

        var frame = await stream.NextAsync();
        frame.ShouldNotBeNull();
        frame.Event.ShouldBe("relationship.created");
        frame.Json.GetProperty("data").GetProperty("id").GetGuid().ShouldBe(related);
        related.ShouldNotBe(unrelated);
    }

    [Fact]
    public async Task Bad_filters_and_positions_are_400_problems()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);

        using var badType = await SseStream.SendAsync(client, "/api/v1/events?types=Entity%20Created");
        using var badId = await SseStream.SendAsync(client, "/api/v1/events?entity_id=nope");
        using var badLastEventId = await SseStream.SendAsync(client, "/api/v1/events", -1);

        badType.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        badId.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        badId.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        badLastEventId.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Without_a_credential_the_stream_is_401()
    {
        using var response = await SseStream.SendAsync(Host.Client, "/api/v1/events");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Resuming_from_a_position_older_than_the_retention_is_410()
    {
        await using var host = await TestHost.StartAsync(EventsFixture.Environment());
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(host);
        using var client = host.CreateClient(token);
        await EventsApi.CreateEntityAsync(client);
        host.Time.Advance(TimeSpan.FromDays(8));

        (await host.Services.GetRequiredService<EventsPruner>().PruneOnceAsync(default)).ShouldBeGreaterThan(0);
        var (_, freshToken) = await AuthHelper.RegisterAndLoginAsync(host);
        using var fresh = host.CreateClient(freshToken);
        using var response = await SseStream.SendAsync(fresh, "/api/v1/events", 1);
        using var current = await SseStream.SendAsync(fresh, "/api/v1/events");

        response.StatusCode.ShouldBe(HttpStatusCode.Gone, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        current.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
