namespace Backend.Api.Features.Admin.ApiKeys;

internal sealed class ApiKeyIdRequest
{
    public Guid Id { get; init; }
}
