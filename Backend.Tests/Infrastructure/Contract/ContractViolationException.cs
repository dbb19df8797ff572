namespace Backend.Tests.Infrastructure.Contract;

/// <summary>A response (or an accepted request) that the served OpenAPI document does not describe.</summary>
public sealed class ContractViolationException(string message) : Exception(message);
