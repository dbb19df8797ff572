namespace Backend.Api.Features.Admin.Users;

internal sealed class UserIdRequest
{
    public Guid Id { get; init; }
}
