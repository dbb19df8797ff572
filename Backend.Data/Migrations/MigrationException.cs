namespace Backend.Data.Migrations;

/// <summary>The migrations cannot run safely (bad file names, or applied scripts changed); the message names the file.</summary>
public sealed class MigrationException(string message) : Exception(message);
