using System.Reflection;

namespace Backend.Api.Hosting;

/// <summary>What differs between the real process and a test host; production uses the defaults.</summary>
internal sealed record HostingOptions
{
    public TextWriter LogOutput { get; init; } = Console.Out;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Extra assemblies to scan for endpoints (tests add probes that throw, echo, …).</summary>
    public IReadOnlyList<Assembly> EndpointAssemblies { get; init; } = [];

    /// <summary>Listen on 127.0.0.1 only (tests) instead of every interface.</summary>
    public bool LoopbackOnly { get; init; }

    /// <summary>Names the connection pool in metrics; tests give each host its own.</summary>
    public string? PoolName { get; init; }

    public Action<IServiceCollection>? ConfigureServices { get; init; }
}
