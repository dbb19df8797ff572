namespace Backend.Api.Features.Admin.ApiKeys.Create;

/// <summary>The new key: <see cref="Key"/> is the secret, shown in this response only.</summary>
internal sealed record CreatedApiKeyResponse(string Key, ApiKeyResponse ApiKey);
