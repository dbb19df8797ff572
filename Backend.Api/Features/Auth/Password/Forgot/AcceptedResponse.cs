namespace Backend.Api.Features.Auth.Password.Forgot;

internal sealed record AcceptedResponse(string Message);
