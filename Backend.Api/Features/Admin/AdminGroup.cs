using FastEndpoints;

namespace Backend.Api.Features.Admin;

/// <summary>Route prefix and tag of the admin slice (/api/v1/admin); each endpoint names its own policy.</summary>
internal sealed class AdminGroup : Group
{
    public AdminGroup() => Configure("admin", endpoint => endpoint.Description(b => b.WithTags("Admin")));
}
