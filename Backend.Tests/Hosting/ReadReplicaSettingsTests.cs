using Backend.Api.Hosting.Settings;

namespace Backend.Tests.Hosting;

/// <summary>DATABASE_READ_URL is optional and parsed exactly like DATABASE_URL.</summary>
public sealed class ReadReplicaSettingsTests
{
    private const string Primary = "postgres://u:p@primary.internal/backend";

    private static (BackendSettings Settings, IReadOnlyList<string> Errors) Load(params (string Key, string Value)[] values)
    {
        var variables = values.ToDictionary(v => v.Key, v => (string?)v.Value);
        variables.TryAdd("JWT_SECRET", "a-test-signing-secret-of-at-least-32-bytes");
        return BackendSettings.Load(variables);
    }

    [Fact]
    public void Without_DATABASE_READ_URL_there_is_no_replica()
    {
        var (settings, errors) = Load(("DATABASE_URL", Primary));

        errors.ShouldBeEmpty();
        settings.DatabaseReadUrl.ShouldBeNull();
    }

    [Fact]
    public void DATABASE_READ_URL_accepts_a_postgres_uri_with_sslmode()
    {
        var (settings, errors) = Load(("DATABASE_URL", Primary), ("DATABASE_READ_URL", "postgresql://reader:s%3Acret@standby.internal:6432/backend?sslmode=require"));

        errors.ShouldBeEmpty();
        settings.DatabaseReadUrl.ShouldNotBeNull();
        settings.DatabaseReadUrl.Host.ShouldBe("standby.internal");
        settings.DatabaseReadUrl.Port.ShouldBe(6432);
        settings.DatabaseReadUrl.Username.ShouldBe("reader");
        settings.DatabaseReadUrl.Password.ShouldBe("s:cret");
        settings.DatabaseReadUrl.SslMode.ShouldBe(Npgsql.SslMode.Require);
        settings.DatabaseUrl!.Host.ShouldBe("primary.internal");
    }

    [Fact]
    public void DATABASE_READ_URL_accepts_an_npgsql_keyword_string()
    {
        var (settings, errors) = Load(("DATABASE_URL", Primary), ("DATABASE_READ_URL", "Host=standby;Database=backend;Username=u;Password=p"));

        errors.ShouldBeEmpty();
        settings.DatabaseReadUrl!.Host.ShouldBe("standby");
    }

    [Theory]
    [InlineData("postgres://u:hunter2@standby", "exactly one database")]
    [InlineData("postgres://u:hunter2@standby/backend?sslmode=sometimes", "sslmode")]
    [InlineData("Database=backend;Password=hunter2", "no Host")]
    public void A_bad_DATABASE_READ_URL_is_rejected_like_DATABASE_URL_without_echoing_the_password(string url, string mentioned)
    {
        var (_, errors) = Load(("DATABASE_URL", Primary), ("DATABASE_READ_URL", url));

        var error = errors.ShouldHaveSingleItem();
        error.ShouldStartWith("DATABASE_READ_URL:");
        error.ShouldContain(mentioned);
        error.ShouldNotContain("hunter2");
    }

    [Fact]
    public void DATABASE_READ_URL_needs_DATABASE_URL()
    {
        var (_, errors) = Load(("ASPNETCORE_ENVIRONMENT", "Development"), ("DATABASE_READ_URL", "postgres://u:p@standby/backend"));

        errors.ShouldHaveSingleItem().ShouldStartWith("DATABASE_READ_URL: needs DATABASE_URL");
    }
}
