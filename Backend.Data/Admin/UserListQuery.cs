namespace Backend.Data.Admin;

/// <summary>The admin user listing: optional filters, offset paging, newest accounts first.</summary>
public sealed record UserListQuery(string? Role, bool? IsActive, string? Search, int Limit, int Offset);
