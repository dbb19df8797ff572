namespace Backend.Api.Features.Events.WebSockets;

/// <summary>Puts ASP.NET Core's WebSocket middleware at the front of the pipeline, so /ws/updates can accept upgrades.</summary>
internal sealed class WebSocketsStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseWebSockets();
        next(app);
    };
}
