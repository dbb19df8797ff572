using Backend.Data.Auth;

namespace Backend.Data.Admin;

public sealed record UserPage(IReadOnlyList<UserRow> Items, long Total, bool HasMore);
