using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Admin;
using FastEndpoints;

namespace Backend.Api.Features.Admin.Users.List;

internal sealed class ListUsersEndpoint(AdminUserRepository users) : Endpoint<ListUsersRequest, Envelope<IReadOnlyList<AdminUserResponse>>>
{
    private const int DefaultLimit = 50;

    public override void Configure()
    {
        Get("users");
        Group<AdminGroup>();
        Policies(AuthPolicies.Moderator);
        Description(b => b.ProducesProblemDetails(400, Problems.ContentType).ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(403, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "List users (moderators and admins)";
            s.Description = "Filters: role, is_active, q (substring of email, first or last name, case-insensitive). Newest first; limit 1–100 (default 50) and offset; meta.pagination.total counts all matches.";
        });
    }

    public override async Task HandleAsync(ListUsersRequest req, CancellationToken ct)
    {
        var limit = req.Limit ?? DefaultLimit;
        var offset = req.Offset ?? 0;
        var page = await users.ListAsync(new UserListQuery(req.Role, req.IsActive, string.IsNullOrWhiteSpace(req.Q) ? null : req.Q.Trim(), limit, offset), ct);
        var items = (IReadOnlyList<AdminUserResponse>)page.Items.Select(AdminUserResponse.From).ToList();
        await Send.OkAsync(Envelope.Of(HttpContext, items, new Pagination(limit, offset, null, page.Total, page.HasMore)), ct);
    }
}
