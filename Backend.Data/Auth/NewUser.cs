namespace Backend.Data.Auth;

public sealed record NewUser(Guid Id, string Email, string PasswordHash, string FirstName, string LastName, string Role, DateTimeOffset Now);
