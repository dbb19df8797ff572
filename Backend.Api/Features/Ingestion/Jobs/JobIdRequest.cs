namespace Backend.Api.Features.Ingestion.Jobs;

internal sealed class JobIdRequest
{
    public Guid Id { get; init; }
}
