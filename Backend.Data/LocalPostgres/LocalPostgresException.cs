namespace Backend.Data.LocalPostgres;

/// <summary>The local PostgreSQL cluster could not be found, created or started; the message says how to fix it.</summary>
public sealed class LocalPostgresException(string message) : Exception(message);
