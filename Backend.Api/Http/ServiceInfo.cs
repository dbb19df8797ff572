namespace Backend.Api.Http;

/// <summary>
/// What slices may know about the process they run in: <paramref name="ModuleId"/> (MODULE_ID, the <c>source_module</c> of
/// messages and events) and the browser origins allowed by CORS_ORIGINS.
/// </summary>
internal sealed record ServiceInfo(string ModuleId, IReadOnlyList<string> CorsOrigins);
