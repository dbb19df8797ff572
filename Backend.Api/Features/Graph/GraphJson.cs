using System.Text.Json;
using System.Text.Json.Serialization;
using Backend.Api.Features.Graph.Neighbors;
using Backend.Api.Features.Graph.Path;
using Backend.Api.Features.Graph.Subgraph;
using Backend.Api.Http;

namespace Backend.Api.Features.Graph;

/// <summary>
/// Source-generated JSON writers for the graph answers (hundreds of nodes and edges per response), with the API's
/// conventions of <see cref="ApiJson"/> for writing: web defaults, snake_case names, UTC millisecond timestamps. The
/// bytes are the same as through <see cref="ApiJson.Options"/>; the generated code writes each property directly
/// instead of going through reflection metadata and a converter per value.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(Envelope<NeighborsResponse>))]
[JsonSerializable(typeof(Envelope<SubgraphResponse>))]
[JsonSerializable(typeof(Envelope<PathResponse>))]
internal sealed partial class GraphJson : JsonSerializerContext;
