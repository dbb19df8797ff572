using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Backend.Tests.Infrastructure;
using Backend.Tests.Infrastructure.Contract;
using Xunit.Abstractions;

namespace Backend.Tests.Fuzz;

/// <summary>
/// Walks every operation of /api/v1/openapi.json and sends it broken requests (missing and mistyped fields, boundary,
/// oversized, unicode and control-character values, invalid ids, deep JSON, duplicated keys, wrong content types)
/// with no, garbage and valid credentials. Every answer must be below 500, documented for the operation (or one of
/// the global contract statuses), and every error problem+json. Bounded by a time budget.
/// </summary>
public sealed class OpenApiFuzzTests(ITestOutputHelper output)
{
    private const int VariantsPerOperation = 70;
    private const string GarbageToken = "garbage.not-a.jwt";
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(70);

    /// <summary>Documented in README for every operation: malformed 400, 401, unknown route 404, 405, 413, 415, 429.</summary>
    private static readonly HashSet<int> GlobalStatuses = [400, 401, 404, 405, 413, 415, 429];

    // A NUL (%00) in the path is refused by Kestrel itself with a bare 400 before the pipeline runs, so it is not sent here.
    private static readonly string[] InvalidIds = ["not-a-uuid", "..%2F..%2Fetc%2Fpasswd", "%E2%98%83%F0%9F%98%80", "bell%07%1B", "12345678-1234-1234-1234-12345678901g"];

    private readonly ConcurrentQueue<string> _failures = new();
    private int _sent;

    [Fact]
    public async Task Every_operation_answers_documented_statuses_with_problem_details_and_never_5xx()
    {
        var clock = Stopwatch.StartNew();
        // Broken bodies are the point here: the contract check still validates every response, not the bodies sent.
        using var exempt = OpenApiContractCheck.ExemptRequestBodies();
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["AUTH_RATE_LIMIT"] = "100000" });
        var (_, ownerToken) = await AuthHelper.RegisterAndLoginAsync(host);
        var (_, authToken) = await AuthHelper.RegisterAndLoginAsync(host);
        var (_, credentialToken) = await AuthHelper.RegisterAndLoginAsync(host);
        var owner = new GraphClient(host.CreateClient(ownerToken));
        var first = await owner.CreateEntityAsync("Fuzz first");
        var second = await owner.CreateEntityAsync("Fuzz second");
        var relationship = await owner.LinkAsync(first, second);
        var victimEntity = await owner.CreateEntityAsync("Fuzz victim");
        var victimRelationship = await owner.LinkAsync(second, first, "fuzz_victim");

        using var http = host.CreateClient();
        var document = JsonNode.Parse(await http.GetStringAsync(new Uri("/api/v1/openapi.json", UriKind.Relative)))!.AsObject();
        var operations = OpenApiOperations.Read(document, path =>
            !path.StartsWith("/health", StringComparison.Ordinal) && !path.StartsWith("/metrics", StringComparison.Ordinal)
            && !path.StartsWith("/api/v1/test-probes", StringComparison.Ordinal)
            // A live stream never ends, so a request cannot read its body; Features/Events tests it with a real SSE reader.
            && path != "/api/v1/events");
        operations.Count.ShouldBeGreaterThan(20);

        var bodies = new FuzzBodies(first, second);
        var perOperation = operations.Select(operation =>
        {
            var isRelationship = operation.Path.StartsWith("/api/v1/relationships", StringComparison.Ordinal);
            var seeded = operation.Method == "DELETE"
                ? (isRelationship ? victimRelationship : victimEntity)
                : (isRelationship ? relationship : first);
            // Credential-changing operations (logout, password) and the rest of /auth run as throwaway users.
            var validToken = operation.Path.StartsWith("/api/v1/auth/logout", StringComparison.Ordinal) || operation.Path.StartsWith("/api/v1/auth/password", StringComparison.Ordinal)
                ? credentialToken
                : operation.Path.StartsWith("/api/v1/auth", StringComparison.Ordinal) ? authToken : ownerToken;
            return Variants(operation, operations, bodies, seeded)
                .Take(VariantsPerOperation)
                .SelectMany(v => new[] { v with { Token = validToken }, v with { Token = null }, v with { Token = GarbageToken } })
                .ToList();
        }).ToList();
        var queue = perOperation.SelectMany(list => list.Select((item, index) => (item, index))).OrderBy(x => x.index).Select(x => x.item).ToList();
        var covered = new ConcurrentDictionary<string, int>();

        await Parallel.ForEachAsync(queue, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (request, ct) =>
        {
            if (clock.Elapsed > Budget)
            {
                return;
            }

            await SendAndCheckAsync(http, request, ct);
            covered.AddOrUpdate(request.Operation.Name, 1, (_, n) => n + 1);
        });

        var fuzzed = _sent;
        await CheckOwnershipAndLifecycleAsync(host, owner, first, relationship);

        output.WriteLine($"OpenAPI fuzz: {operations.Count} operations, {covered.Count} covered, {queue.Count} planned, {fuzzed} fuzz requests, "
            + $"{_sent - fuzzed} lifecycle requests, {_failures.Count} findings, {clock.Elapsed.TotalSeconds:0.0} s");
        foreach (var operation in operations)
        {
            output.WriteLine($"  {operation.Name}: {covered.GetValueOrDefault(operation.Name)} requests");
        }

        _failures.ShouldBeEmpty(string.Join(Environment.NewLine, _failures.Distinct().Take(60)));
        covered.Count.ShouldBe(operations.Count, "every operation gets requests within the budget");
    }

    private static IEnumerable<FuzzRequest> Variants(FuzzOperation operation, List<FuzzOperation> all, FuzzBodies bodies, Guid seeded)
    {
        var path = operation.Path.Replace("{id}", seeded.ToString(), StringComparison.Ordinal);
        // A merge patch is documented as any object; its fields are those of PUT on the same path or POST on the collection.
        var schema = operation.BodySchema is { } own && OpenApiOperations.Type(own) == "object" && own["properties"] is JsonObject { Count: > 0 }
            ? own
            : BorrowedSchema(operation, all);
        var mutations = operation.HasBody
            ? bodies.Mutations(schema ?? [], operation.AcceptsForm).ToList()
            : [new FuzzBody("no body", null, null)];
        var valid = mutations[0];
        var variants = new List<FuzzRequest> { new(operation, path, valid, IdKind.Seeded, null) };
        if (operation.Path.Contains("{id}", StringComparison.Ordinal))
        {
            variants.Add(new FuzzRequest(operation, operation.Path.Replace("{id}", Guid.NewGuid().ToString(), StringComparison.Ordinal), valid, IdKind.Unknown, null));
            variants.AddRange(InvalidIds.Select(id => new FuzzRequest(operation, operation.Path.Replace("{id}", id, StringComparison.Ordinal), valid, IdKind.Invalid, null)));
        }

        var queries = operation.QueryParameters
            .SelectMany(p => FuzzBodies.QueryValues(p.Schema).Select(value => $"{path}?{p.Name}={Uri.EscapeDataString(value)}"))
            .Select(query => new FuzzRequest(operation, query, valid, IdKind.Seeded, null));
        var mutated = mutations.Skip(1).Select(body => new FuzzRequest(operation, path, body, IdKind.Seeded, null));
        // Interleave query and body variants so the cap keeps some of each.
        using var q = queries.GetEnumerator();
        using var m = mutated.GetEnumerator();
        bool moreQueries = true, moreBodies = true;
        while (moreQueries || moreBodies)
        {
            if (moreQueries && (moreQueries = q.MoveNext()))
            {
                variants.Add(q.Current);
            }

            if (moreBodies && (moreBodies = m.MoveNext()))
            {
                variants.Add(m.Current);
            }
        }

        return variants;
    }

    /// <summary>PATCH documents its merge patch loosely; mutate it with the fields of PUT on the same path or POST on the collection.</summary>
    private static JsonObject? BorrowedSchema(FuzzOperation operation, List<FuzzOperation> all)
    {
        var collection = operation.Path.Replace("/{id}", "", StringComparison.Ordinal);
        return all.FirstOrDefault(o => o.Path == operation.Path && o.Method == "PUT" && o.BodySchema is not null)?.BodySchema
            ?? all.FirstOrDefault(o => o.Path == collection && o.Method == "POST" && o.BodySchema is not null)?.BodySchema
            ?? operation.BodySchema;
    }

    private async Task SendAndCheckAsync(HttpClient http, FuzzRequest request, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Operation.Method), new Uri(request.Path, UriKind.Relative));
        if (request.Body.Content is not null)
        {
            message.Content = new StringContent(request.Body.Content, Encoding.UTF8);
            message.Content.Headers.ContentType = request.Body.ContentType is null ? null : new MediaTypeHeaderValue(request.Body.ContentType);
        }

        if (request.Token is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", request.Token);
        }

        HttpResponseMessage sent;
        try
        {
            sent = await http.SendAsync(message, ct);
        }
        catch (ContractViolationException violation)
        {
            // Reported with every other finding instead of ending the walk at the first.
            Interlocked.Increment(ref _sent);
            Fail(violation.Message.Split('\n')[0] + " " + violation.Message.Split('\n').ElementAtOrDefault(1));
            return;
        }

        using var response = sent;
        Interlocked.Increment(ref _sent);
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(ct);
        var what = $"{request.Operation.Method} {Shorten(request.Path)} [{request.Body.Name}, {(request.Token is null ? "no credentials" : request.Token == GarbageToken ? "garbage token" : "valid token")}] → {status}";
        CheckResponse(request.Operation, response, body, what);
        if (request.IdKind == IdKind.Invalid && status != 404)
        {
            Fail($"{what}: an invalid id must be 404 (route constraint)");
        }

        if (request.Token is null or GarbageToken || status is not (201 or 204))
        {
            return;
        }

        if (status == 201 && response.Headers.Location is { } location
            && (location.OriginalString.Contains("/entities/", StringComparison.Ordinal) || location.OriginalString.Contains("/relationships/", StringComparison.Ordinal)))
        {
            using var read = new HttpRequestMessage(HttpMethod.Get, location);
            read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", request.Token);
            using var readBack = await http.SendAsync(read, ct);
            Interlocked.Increment(ref _sent);
            if (readBack.StatusCode != HttpStatusCode.OK)
            {
                Fail($"{what}: GET {location} after the 201 answered {(int)readBack.StatusCode}");
            }
        }

        if (status == 204 && request.Operation.Method == "DELETE")
        {
            using var read = new HttpRequestMessage(HttpMethod.Get, new Uri(request.Path, UriKind.Relative));
            read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", request.Token);
            using var readBack = await http.SendAsync(read, ct);
            Interlocked.Increment(ref _sent);
            if (readBack.StatusCode != HttpStatusCode.NotFound)
            {
                Fail($"{what}: GET after the DELETE answered {(int)readBack.StatusCode}");
            }
        }
    }

    private void CheckResponse(FuzzOperation operation, HttpResponseMessage response, string body, string what)
    {
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            Fail($"{what}: server error {Shorten(body)}");
        }

        if (!operation.Responses.Contains(status) && !GlobalStatuses.Contains(status))
        {
            Fail($"{what}: status {status} is not documented for {operation.Name}");
        }

        if (status < 400)
        {
            return;
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            Fail($"{what}: error with Content-Type '{response.Content.Headers.ContentType}' {Shorten(body)}");
            return;
        }

        try
        {
            var problem = JsonDocument.Parse(body).RootElement;
            if (problem.GetProperty("status").GetInt32() != status
                || string.IsNullOrEmpty(problem.GetProperty("type").GetString())
                || string.IsNullOrEmpty(problem.GetProperty("title").GetString())
                || string.IsNullOrEmpty(problem.GetProperty("request_id").GetString()))
            {
                Fail($"{what}: incomplete problem {Shorten(body)}");
            }
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            Fail($"{what}: problem body is not a problem object: {Shorten(body)}");
        }
    }

    /// <summary>Another user cannot change or delete the owner's entity or relationship; created resources read back; deleted ones read 404.</summary>
    private async Task CheckOwnershipAndLifecycleAsync(TestHost host, GraphClient owner, Guid entity, Guid relationship)
    {
        var intruder = await GraphClient.SignInAsync(host);
        var entityPath = $"/api/v1/entities/{entity}";
        var relationshipPath = $"/api/v1/relationships/{relationship}";
        await ExpectAsync(intruder.Http, HttpMethod.Put, entityPath, new { name = "Taken over", type = "organization" }, HttpStatusCode.Forbidden);
        await ExpectAsync(intruder.Http, HttpMethod.Patch, entityPath, new { name = "Taken over" }, HttpStatusCode.Forbidden);
        await ExpectAsync(intruder.Http, HttpMethod.Delete, entityPath, null, HttpStatusCode.Forbidden);
        await ExpectAsync(intruder.Http, HttpMethod.Patch, relationshipPath, new { confidence = 0.1 }, HttpStatusCode.Forbidden);
        await ExpectAsync(intruder.Http, HttpMethod.Delete, relationshipPath, null, HttpStatusCode.Forbidden);
        (await owner.GetDataAsync(entityPath)).GetProperty("name").GetString().ShouldNotBe("Taken over");
        await owner.GetDataAsync(relationshipPath);

        foreach (var (create, payload) in new (string, object)[]
        {
            ("/api/v1/entities", new { name = "Lifecycle", type = "organization" }),
            ("/api/v1/relationships", new { source_entity_id = entity, target_entity_id = await owner.CreateEntityAsync(), relationship_type = "lifecycle" }),
        })
        {
            using var created = await owner.Http.PostAsJsonAsync(new Uri(create, UriKind.Relative), payload);
            Interlocked.Increment(ref _sent);
            created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            var location = created.Headers.Location.ShouldNotBeNull();
            await ExpectAsync(owner.Http, HttpMethod.Get, location.OriginalString, null, HttpStatusCode.OK);
            await ExpectAsync(owner.Http, HttpMethod.Delete, location.OriginalString, null, HttpStatusCode.NoContent);
            await ExpectAsync(owner.Http, HttpMethod.Get, location.OriginalString, null, HttpStatusCode.NotFound);
        }
    }

    private async Task ExpectAsync(HttpClient client, HttpMethod method, string path, object? payload, HttpStatusCode expected)
    {
        using var message = new HttpRequestMessage(method, new Uri(path, UriKind.RelativeOrAbsolute));
        if (payload is not null)
        {
            message.Content = JsonContent.Create(payload);
        }

        using var response = await client.SendAsync(message);
        Interlocked.Increment(ref _sent);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, $"{method} {path}: {body}");
        if (expected >= HttpStatusCode.BadRequest)
        {
            response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        }
    }

    private void Fail(string finding) => _failures.Enqueue(finding);

    private static string Shorten(string text) => text.Length <= 160 ? text : text[..160] + "…";

    private enum IdKind
    {
        Seeded,
        Unknown,
        Invalid,
    }

    private sealed record FuzzRequest(FuzzOperation Operation, string Path, FuzzBody Body, IdKind IdKind, string? Token);
}
