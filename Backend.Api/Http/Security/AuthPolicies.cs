namespace Backend.Api.Http.Security;

/// <summary>Authorization policy names for FastEndpoints' <c>Policies(…)</c>.</summary>
internal static class AuthPolicies
{
    public const string User = "User";
    public const string Moderator = "Moderator";
    public const string Admin = "Admin";
}
