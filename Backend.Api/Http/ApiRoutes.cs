namespace Backend.Api.Http;

/// <summary>Where the API lives: every endpoint's route is relative to <see cref="Prefix"/>.</summary>
internal static class ApiRoutes
{
    public const string Prefix = "api/v1";
}
