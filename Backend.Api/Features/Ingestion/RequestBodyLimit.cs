using Microsoft.AspNetCore.Http.Metadata;

namespace Backend.Api.Features.Ingestion;

/// <summary>Endpoint metadata raising the body limit of the ingestion endpoints above MAX_REQUEST_BODY_BYTES (routing applies it).</summary>
internal sealed record RequestBodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
