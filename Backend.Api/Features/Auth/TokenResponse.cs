using System.Text.Json.Serialization;

namespace Backend.Api.Features.Auth;

/// <summary>
/// The OAuth2 token response (RFC 6749 §5.1) plus the user. Deliberately not wrapped in the envelope so OAuth2
/// clients (Swagger UI's Authorize) can read it. In cookie mode the tokens travel in cookies and are null here.
/// </summary>
internal sealed record TokenResponse(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AccessToken,
    string TokenType,
    int ExpiresIn,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RefreshToken,
    UserResponse User);
