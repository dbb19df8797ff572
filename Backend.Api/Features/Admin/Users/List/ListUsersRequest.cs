using FastEndpoints;

namespace Backend.Api.Features.Admin.Users.List;

internal sealed class ListUsersRequest
{
    [QueryParam, BindFrom("role")]
    public string? Role { get; init; }

    [QueryParam, BindFrom("is_active")]
    public bool? IsActive { get; init; }

    /// <summary>Case-insensitive substring of the email, first or last name.</summary>
    [QueryParam, BindFrom("q")]
    public string? Q { get; init; }

    [QueryParam, BindFrom("limit")]
    public int? Limit { get; init; }

    [QueryParam, BindFrom("offset")]
    public int? Offset { get; init; }
}
