using FastEndpoints;

namespace Backend.Api.Features.Auth;

/// <summary>Every endpoint of the slice lives under /api/v1/auth and is tagged "Auth".</summary>
internal sealed class AuthGroup : Group
{
    public AuthGroup()
    {
        Configure("auth", ep => ep.Description(b => b.WithTags("Auth")));
    }
}
