namespace Backend.Api.Features.Admin.Users.Patch;

/// <summary>Only the fields given change.</summary>
internal sealed class PatchUserRequest
{
    public Guid Id { get; init; }

    public string? Role { get; init; }

    public bool? IsActive { get; init; }

    public string? FirstName { get; init; }

    public string? LastName { get; init; }
}
