namespace Backend.Api.Features.Auth.Passwords;

internal readonly record struct PasswordCheck(bool Valid, bool NeedsRehash);
