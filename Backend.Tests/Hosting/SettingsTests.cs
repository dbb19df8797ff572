using Backend.Api.Hosting.Settings;
using Npgsql;

namespace Backend.Tests.Hosting;

public sealed class SettingsTests
{
    private const string Secret = "a-test-signing-secret-of-at-least-32-bytes";

    /// <summary>Loads the given variables plus a valid JWT_SECRET (required outside Development), so each test sees only its own problems.</summary>
    private static (BackendSettings Settings, IReadOnlyList<string> Errors) Load(params (string Key, string Value)[] values)
    {
        var variables = values.ToDictionary(v => v.Key, v => (string?)v.Value);
        variables.TryAdd("JWT_SECRET", Secret);
        return BackendSettings.Load(variables);
    }

    [Fact]
    public void Defaults_apply_in_development_without_any_variable()
    {
        var (settings, errors) = Load(("ASPNETCORE_ENVIRONMENT", "Development"));

        errors.ShouldBeEmpty();
        settings.DatabaseUrl.ShouldBeNull();
        settings.Port.ShouldBe(8000);
        settings.Pool.PoolSize.ShouldBe(20);
        settings.Pool.MaxPoolSize.ShouldBe(30);
        settings.MigrateOnStartup.ShouldBeTrue();
        settings.CorsOrigins.ShouldBe(["http://localhost:3000"]);
        settings.LogLevel.ShouldBe("INFO");
        settings.ModuleId.ShouldBe("backend");
    }

    [Fact]
    public void Every_invalid_value_is_reported_at_once_with_its_variable_name()
    {
        var (_, errors) = Load(
            ("ASPNETCORE_ENVIRONMENT", "Development"),
            ("PORT", "abc"),
            ("DB_POOL_SIZE", "-1"),
            ("DATABASE_URL", "postgres://"),
            ("LOG_LEVEL", "LOUD"),
            ("DB_STARTUP_TIMEOUT", "soon"),
            ("MIGRATE_ON_STARTUP", "perhaps"),
            ("CORS_ORIGINS", "http://ok.example,not a url"));

        errors.Count.ShouldBe(7);
        errors.ShouldContain(e => e.StartsWith("PORT:", StringComparison.Ordinal) && e.Contains("'abc'"));
        errors.ShouldContain(e => e.StartsWith("DB_POOL_SIZE:", StringComparison.Ordinal) && e.Contains("between 1 and"));
        errors.ShouldContain(e => e.StartsWith("DATABASE_URL:", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("LOG_LEVEL:", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("DB_STARTUP_TIMEOUT:", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("MIGRATE_ON_STARTUP:", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("CORS_ORIGINS:", StringComparison.Ordinal) && e.Contains("not a url"));
    }

    [Fact]
    public void DB_BATCH_CONCURRENCY_defaults_to_4_and_must_be_between_1_and_1000()
    {
        var (defaults, none) = Load(("ASPNETCORE_ENVIRONMENT", "Development"));
        none.ShouldBeEmpty();
        defaults.Pool.BatchConcurrency.ShouldBe(4);
        var (set, _) = Load(("ASPNETCORE_ENVIRONMENT", "Development"), ("DB_BATCH_CONCURRENCY", "2"));
        set.Pool.BatchConcurrency.ShouldBe(2);
        foreach (var bad in new[] { "0", "1001", "many" })
        {
            var (_, errors) = Load(("ASPNETCORE_ENVIRONMENT", "Development"), ("DB_BATCH_CONCURRENCY", bad));
            errors.ShouldHaveSingleItem().ShouldStartWith("DB_BATCH_CONCURRENCY:");
        }
    }

    [Fact]
    public void A_missing_DATABASE_URL_is_an_error_outside_development()
    {
        var (_, errors) = Load(("ASPNETCORE_ENVIRONMENT", "Production"));

        errors.ShouldContain(e => e.StartsWith("DATABASE_URL:", StringComparison.Ordinal) && e.Contains("required outside Development"));
    }

    [Fact]
    public void DATABASE_URL_accepts_a_postgres_uri_with_escaped_credentials_and_sslmode()
    {
        var (settings, errors) = Load(("DATABASE_URL", "postgresql://app%40corp:p%3Ass%2Fword@db.internal:6543/graph?sslmode=require"));

        errors.ShouldBeEmpty();
        var url = settings.DatabaseUrl!;
        url.Host.ShouldBe("db.internal");
        url.Port.ShouldBe(6543);
        url.Database.ShouldBe("graph");
        url.Username.ShouldBe("app@corp");
        url.Password.ShouldBe("p:ss/word");
        url.SslMode.ShouldBe(SslMode.Require);
    }

    [Fact]
    public void DATABASE_URL_accepts_the_short_scheme_and_defaults_the_port()
    {
        var (settings, errors) = Load(("DATABASE_URL", "postgres://u:p@localhost/backend"));

        errors.ShouldBeEmpty();
        settings.DatabaseUrl!.Port.ShouldBe(5432);
    }

    [Fact]
    public void DATABASE_URL_accepts_an_npgsql_keyword_string()
    {
        var (settings, errors) = Load(("DATABASE_URL", "Host=db;Port=5433;Database=backend;Username=u;Password=p"));

        errors.ShouldBeEmpty();
        settings.DatabaseUrl!.Host.ShouldBe("db");
        settings.DatabaseUrl.Port.ShouldBe(5433);
    }

    [Theory]
    [InlineData("postgres://u:p@host:5432/db?sslmode=sometimes", "sslmode")]
    [InlineData("postgres://u:p@host:5432/", "database")]
    [InlineData("postgres://u:p@host/db?colour=blue", "colour")]
    [InlineData("Host=db;Nonsense Key=1;Password=topsecret", "keyword")]
    public void A_bad_DATABASE_URL_is_rejected_without_echoing_the_password(string url, string mentioned)
    {
        var (_, errors) = Load(("DATABASE_URL", url));

        var error = errors.ShouldHaveSingleItem();
        error.ShouldStartWith("DATABASE_URL:");
        error.ShouldContain(mentioned, Case.Insensitive);
        error.ShouldNotContain("topsecret");
    }

    [Theory]
    [InlineData("30", 30)]
    [InlineData("30s", 30)]
    [InlineData("2m", 120)]
    [InlineData("1h", 3600)]
    [InlineData("0.5h", 1800)]
    [InlineData("500ms", 0.5)]
    public void Durations_accept_seconds_or_a_unit(string value, double seconds)
    {
        var (settings, errors) = Load(("ASPNETCORE_ENVIRONMENT", "Development"), ("DB_STARTUP_TIMEOUT", value));

        errors.ShouldBeEmpty();
        settings.StartupTimeout.TotalSeconds.ShouldBe(seconds);
    }

    [Fact]
    public void Pool_minimum_above_the_pool_maximum_is_rejected()
    {
        var (_, errors) = Load(("ASPNETCORE_ENVIRONMENT", "Development"), ("DB_POOL_SIZE", "2"), ("DB_MAX_OVERFLOW", "1"), ("DB_POOL_MIN", "5"));

        errors.ShouldHaveSingleItem().ShouldStartWith("DB_POOL_MIN:");
    }
}
