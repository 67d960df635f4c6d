namespace Haumai.Web.Features.Workspace;

/// <summary>The agent workspace (issue 3): saved queue views, bulk actions and the live queue hub.</summary>
public static class WorkspaceFeature
{
    public static IServiceCollection AddWorkspace(this IServiceCollection services)
    {
        services.AddSignalR();
        services.AddSingleton<IQueueNotifier, QueueChanges>();
        services.AddScoped<WorkspaceDirectory>();
        services.AddScoped<QueueView.Handler>();
        services.AddScoped<BulkUpdate.Handler>();
        services.AddScoped<ShowTicket.Handler>();
        services.AddScoped<ReplyToTicket.Handler>();
        services.AddScoped<EditTicket.Handler>();
        return services;
    }

    public static WebApplication MapWorkspace(this WebApplication app)
    {
        app.MapHub<QueueHub>(QueueHub.Path);
        return app;
    }
}
