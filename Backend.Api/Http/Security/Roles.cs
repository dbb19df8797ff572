namespace Backend.Api.Http.Security;

/// <summary>The roles, ordered user &lt; moderator &lt; admin, and the policies named after them.</summary>
internal static class Roles
{
    public const string User = "user";
    public const string Moderator = "moderator";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [User, Moderator, Admin];

    /// <summary>0 for user, 1 for moderator, 2 for admin, -1 for anything else.</summary>
    public static int Rank(string? role) => role switch
    {
        User => 0,
        Moderator => 1,
        Admin => 2,
        _ => -1,
    };

    /// <summary>The roles at or above <paramref name="role"/>.</summary>
    public static string[] AtLeast(string role) => All.Where(r => Rank(r) >= Rank(role)).ToArray();
}
