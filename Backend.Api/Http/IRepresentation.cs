namespace Backend.Api.Http;

/// <summary>What a stored (idempotent) response keeps of a success answer besides status and body.</summary>
internal interface IRepresentation
{
    public string? Location { get; }
}
