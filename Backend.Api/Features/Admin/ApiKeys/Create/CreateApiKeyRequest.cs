using Backend.Api.Http.Security;
using FastEndpoints;
using FluentValidation;

namespace Backend.Api.Features.Admin.ApiKeys.Create;

internal sealed class CreateApiKeyRequest
{
    /// <summary>Who uses the key, e.g. "ingest-service"; shown in logs and audit. Unique among live keys.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>user (default), moderator or admin.</summary>
    public string? Role { get; init; }

    /// <summary>Optional expiry (RFC 3339, in the future).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}

internal sealed class CreateApiKeyValidator : Validator<CreateApiKeyRequest>
{
    public CreateApiKeyValidator()
    {
        RuleFor(x => x.Name).NotEmpty().WithErrorCode("required").MaximumLength(100).WithErrorCode("length")
            .Must(n => n == n.Trim()).WithErrorCode("trimmed").WithMessage("must not start or end with whitespace");
        RuleFor(x => x.Role).Must(r => r is null || Roles.All.Contains(r))
            .WithErrorCode("allowed_values").WithMessage($"must be one of: {string.Join(", ", Roles.All)}");
    }
}
