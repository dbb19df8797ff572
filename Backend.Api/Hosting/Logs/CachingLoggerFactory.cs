using System.Collections.Concurrent;

namespace Backend.Api.Hosting.Logs;

/// <summary>
/// Hands out one logger per category. Serilog's logger factory builds a new logger (with its own event-id cache) on every
/// <see cref="ILoggerFactory.CreateLogger"/>, and the authentication handlers, which are created per request, ask for one
/// each time; categories are type names, so the cache is bounded by the code.
/// </summary>
internal sealed class CachingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    private readonly ConcurrentDictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);

    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, static (name, factory) => factory.CreateLogger(name), inner);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    /// <summary>Wraps the <see cref="ILoggerFactory"/> registered last (Serilog's) in a <see cref="CachingLoggerFactory"/>.</summary>
    public static void Decorate(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(ILoggerFactory));
        services.Remove(registered);
        services.AddSingleton<ILoggerFactory>(provider => new CachingLoggerFactory(registered switch
        {
            { ImplementationInstance: ILoggerFactory instance } => instance,
            { ImplementationFactory: { } factory } => (ILoggerFactory)factory(provider),
            _ => (ILoggerFactory)ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!),
        }));
    }
}
