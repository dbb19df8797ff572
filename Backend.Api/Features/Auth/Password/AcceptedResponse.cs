namespace Backend.Api.Features.Auth.Password;

internal sealed record AcceptedResponse(string Message);
