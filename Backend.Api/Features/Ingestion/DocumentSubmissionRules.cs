using System.Text;
using System.Text.RegularExpressions;
using Backend.Api.Features.Entities;
using Backend.Api.Features.Graph;
using FluentValidation;

namespace Backend.Api.Features.Ingestion;

/// <summary>Shape rules of a submission (both submit endpoints): sizes, formats and allowed values.</summary>
internal sealed partial class DocumentSubmissionRules : AbstractValidator<IDocumentSubmission>
{
    public static readonly string[] Priorities = ["high", "normal", "low"];

    public DocumentSubmissionRules()
    {
        RuleFor(x => x.Content).NotNull().WithErrorCode("required").WithMessage("is required")
            .Must(c => c is null || !string.IsNullOrWhiteSpace(c)).WithErrorCode("not_blank").WithMessage("must contain text")
            .Must(c => c is null || Encoding.UTF8.GetByteCount(c) <= MaxBytes()).WithErrorCode("max_bytes")
            .WithMessage(_ => $"must be at most {MaxBytes()} bytes of UTF-8 (DOCUMENT_MAX_BYTES)");
        RuleFor(x => x.DocumentType).Must(t => t is null || (t.Length <= 50 && EntityFieldsRules.Identifier().IsMatch(t)))
            .WithErrorCode("identifier").WithMessage("must be a lowercase identifier (a-z first, then a-z, 0-9 or _; at most 50 characters), e.g. text, article, web_page");
        RuleFor(x => x.Title).Must(t => t is null || (t.Length is >= 1 and <= 500 && t == t.Trim()))
            .WithErrorCode("length").WithMessage("must be 1–500 characters without leading or trailing spaces");
        RuleFor(x => x.SourceUrl).Must(BeHttpUrl).WithErrorCode("url").WithMessage("must be an absolute http(s) URL of at most 2048 characters");
        RuleFor(x => x.Priority).Must(p => p is null || Priorities.Contains(p))
            .WithErrorCode("allowed_values").WithMessage($"must be one of: {string.Join(", ", Priorities)}");
        RuleFor(x => x.Config!.EntityTypes).Must(BeEntityTypes).When(x => x.Config?.EntityTypes is not null)
            .WithErrorCode("entity_types").OverridePropertyName("config.entity_types")
            .WithMessage("must be 1–50 distinct lowercase identifiers (allowed by ENTITY_TYPES when it is set)");
        RuleFor(x => x.Config!.ConfidenceThreshold).InclusiveBetween(0, 1).When(x => x.Config?.ConfidenceThreshold is not null)
            .WithErrorCode("range").OverridePropertyName("config.confidence_threshold");
        RuleFor(x => x.Config!.Language).Must(l => l is null || Language().IsMatch(l)).When(x => x.Config is not null)
            .WithErrorCode("language").OverridePropertyName("config.language").WithMessage("must be a language tag such as en, de or pt-BR");
    }

    private static int MaxBytes() => IngestionSettings.OfCurrentRequest()?.DocumentMaxBytes ?? 10 * 1024 * 1024;

    private static bool BeHttpUrl(string? url) =>
        url is null || (url.Length <= 2048 && !url.Any(char.IsWhiteSpace) && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https");

    private static bool BeEntityTypes(IReadOnlyList<string>? types)
    {
        if (types is null || types.Count is < 1 or > 50 || types.Distinct(StringComparer.Ordinal).Count() != types.Count)
        {
            return false;
        }

        var allowed = GraphSettings.OfCurrentRequest().EntityTypes;
        return types.All(t => t is { Length: <= 100 } && EntityFieldsRules.Identifier().IsMatch(t) && (allowed.Count == 0 || allowed.Contains(t)));
    }

    [GeneratedRegex("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex Language();
}
