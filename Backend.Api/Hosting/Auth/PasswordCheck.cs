namespace Backend.Api.Hosting.Auth;

internal readonly record struct PasswordCheck(bool Valid, bool NeedsRehash);
