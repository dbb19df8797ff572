namespace Backend.Data.Admin;

/// <summary>An admin's change to an account; null fields stay as they are.</summary>
public sealed record UserChange(string? Role, bool? IsActive, string? FirstName, string? LastName);
