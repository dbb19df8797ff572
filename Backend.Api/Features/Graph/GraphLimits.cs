namespace Backend.Api.Features.Graph;

/// <summary>The caps that applied to this traversal, reported so clients know a result may be partial.</summary>
internal sealed record GraphLimits(int MaxNodes, int MaxEdges);
