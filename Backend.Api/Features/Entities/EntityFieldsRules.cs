using System.Text.RegularExpressions;
using Backend.Api.Features.Graph;
using FluentValidation;

namespace Backend.Api.Features.Entities;

/// <summary>Shape rules of the entity fields; the same rules are CHECK constraints in sql/0005_create_entities.sql.</summary>
internal sealed partial class EntityFieldsRules : AbstractValidator<IEntityFields>
{
    public static readonly string[] SourceTypes = ["article", "document", "web_page", "api", "manual"];

    public EntityFieldsRules(Func<GraphSettings> settings)
    {
        RuleFor(x => x.Name).NotEmpty().WithErrorCode("required")
            .Must(n => n is null || n.Trim().Length is >= 1 and <= 200).WithErrorCode("length").WithMessage("must be 1–200 characters")
            .Must(HasNoNul).WithErrorCode("characters").WithMessage(NulMessage);
        RuleFor(x => x.Type).NotEmpty().WithErrorCode("required")
            .MaximumLength(100).WithErrorCode("length")
            .Matches(Identifier()).WithErrorCode("identifier").WithMessage("must be a lowercase identifier: a-z first, then a-z, 0-9 or _")
            .Must(t => settings().EntityTypes.Count == 0 || settings().EntityTypes.Contains(t!))
            .WithErrorCode("allowed_values").WithMessage(_ => $"must be one of: {string.Join(", ", settings().EntityTypes)}");
        RuleFor(x => x.Description).MaximumLength(5000).WithErrorCode("length")
            .Must(HasNoNul).WithErrorCode("characters").WithMessage(NulMessage);
        RuleFor(x => x.Confidence).InclusiveBetween(0, 1).WithErrorCode("range").WithMessage("must be between 0 and 1");
        RuleFor(x => x.Source).MaximumLength(500).WithErrorCode("length")
            .Must(HasNoNul).WithErrorCode("characters").WithMessage(NulMessage);
        RuleFor(x => x.SourceType).Must(s => s is null || SourceTypes.Contains(s))
            .WithErrorCode("allowed_values").WithMessage($"must be one of: {string.Join(", ", SourceTypes)}");
        RuleFor(x => x.Metadata).Custom((metadata, context) =>
        {
            if (MetadataRules.Check(metadata) is { } failure)
            {
                context.AddFailure(new FluentValidation.Results.ValidationFailure(context.PropertyPath, failure.Message) { ErrorCode = failure.Rule });
            }
        });
    }

    /// <summary>PostgreSQL text and jsonb cannot hold NUL; without this rule such a value fails the INSERT (500).</summary>
    public static bool HasNoNul(string? value) => value is null || !value.Contains('\0', StringComparison.Ordinal);

    public const string NulMessage = "must not contain NUL (\\u0000) characters";

    // \z, not $: in .NET "$" also matches before a final newline, which the database's CHECK (and clients) would not accept.
    [GeneratedRegex(@"^[a-z][a-z0-9_]*\z")]
    internal static partial Regex Identifier();
}
