using System.Text.Json;
using Backend.Data.Audit;
using Backend.Data.Auth;
using Backend.Data.Entities;
using Backend.Data.Relationships;

namespace Backend.Api.Features.Graph;

/// <summary>A small, realistic knowledge graph for local exploration: organizations, people, places, funding rounds.</summary>
internal sealed class DemoGraph(UserRepository users, EntityRepository entities, RelationshipRepository relationships, TimeProvider time)
{
    /// <summary>Every demo entity and relationship carries this in its metadata.</summary>
    private const string DemoMarker = "{\"demo\":true}";

    private static readonly (string Key, string Name, string Type, string Description, object Metadata)[] Entities =
    [
        ("acme", "Acme Robotics", "organization", "Warehouse robotics maker", new { industry = "robotics", founded = 2016 }),
        ("northwind", "Northwind Capital", "organization", "Early-stage venture fund", new { industry = "venture_capital", aum_musd = 420 }),
        ("globex", "Globex Energy", "organization", "Grid-scale battery storage", new { industry = "energy", founded = 2019 }),
        ("initech", "Initech Software", "organization", "Logistics planning software", new { industry = "software", founded = 2012 }),
        ("maria", "Maria Chen", "person", "Co-founder and CEO of Acme Robotics", new { title = "CEO" }),
        ("tomas", "Tomás Ruiz", "person", "Co-founder and CTO of Acme Robotics", new { title = "CTO" }),
        ("amara", "Amara Okafor", "person", "General partner at Northwind Capital", new { title = "General Partner" }),
        ("lena", "Lena Fischer", "person", "Founder of Globex Energy", new { title = "Founder" }),
        ("berlin", "Berlin", "place", "City in Germany", new { country = "DE" }),
        ("sf", "San Francisco", "place", "City in California, USA", new { country = "US" }),
        ("singapore", "Singapore", "place", "City-state in Southeast Asia", new { country = "SG" }),
        ("acme_a", "Acme Robotics Series A", "funding_round", "USD 18M Series A", new { amount_musd = 18, year = 2024, stage = "series_a" }),
        ("globex_seed", "Globex Energy Seed", "funding_round", "USD 4M seed round", new { amount_musd = 4, year = 2023, stage = "seed" }),
    ];

    private static readonly (string Source, string Target, string Type)[] Relationships =
    [
        ("maria", "acme", "founded"), ("tomas", "acme", "founded"), ("maria", "acme", "works_at"), ("tomas", "acme", "works_at"),
        ("amara", "northwind", "works_at"), ("lena", "globex", "founded"), ("acme", "sf", "located_in"), ("initech", "sf", "located_in"),
        ("globex", "berlin", "located_in"), ("northwind", "singapore", "located_in"), ("acme", "acme_a", "raised"),
        ("northwind", "acme_a", "invested_in"), ("globex", "globex_seed", "raised"), ("northwind", "globex_seed", "invested_in"),
        ("acme", "initech", "partner_of"), ("amara", "maria", "knows"), ("lena", "amara", "knows"),
    ];

    /// <summary>Loads the graph owned by <paramref name="ownerEmail"/>'s account; does nothing when it is loaded already.</summary>
    public async Task<string> LoadAsync(string ownerEmail, CancellationToken ct)
    {
        var owner = await users.FindByEmailAsync(Auth.EmailAddress.Canonical(ownerEmail) ?? ownerEmail, ownerEmail.Trim(), ct);
        if (owner is not { IsActive: true })
        {
            throw new InvalidOperationException($"No active account with email {ownerEmail}; create one first (admin create <email>, or register).");
        }

        if (await entities.AnyActiveWithMetadataAsync(DemoMarker, ct))
        {
            return "The demo graph is already loaded.";
        }

        var actor = new AuditActor(owner.Id, null, "demo-data", null);
        var now = time.GetUtcNow();
        var items = Entities.Select(e => (Key: e.Key, Id: Guid.CreateVersion7(now), Values: new EntityValues(
            e.Name, e.Type, e.Description, 1.0, "demo-data", "manual", Metadata(e.Metadata)))).ToList();
        await entities.CreateBatchAsync(items.Select(i => (i.Id, i.Values)).ToList(), actor, now, ct);
        var ids = items.ToDictionary(i => i.Key, i => i.Id);
        var edges = Relationships
            .Select(r => (Guid.CreateVersion7(now), new RelationshipValues(ids[r.Source], ids[r.Target], r.Type, 1.0, null, DemoMarker)))
            .ToList();
        await relationships.CreateBatchAsync(edges, skipDuplicates: true, actor, now, ct);
        return $"Loaded {items.Count} entities and {edges.Count} relationships owned by {ownerEmail}.";
    }

    private static string Metadata(object metadata)
    {
        var node = JsonSerializer.SerializeToNode(metadata)!.AsObject();
        node["demo"] = true;
        return node.ToJsonString();
    }
}
