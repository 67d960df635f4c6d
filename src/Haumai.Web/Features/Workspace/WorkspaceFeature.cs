namespace Haumai.Web.Features.Workspace;

/// <summary>The agent workspace (issue 3): saved queue views, bulk actions and the live queue hub.</summary>
public static class WorkspaceFeature
{
    public static IServiceCollection AddWorkspace(this IServiceCollection services)
    {
        return services;
    }

    public static WebApplication MapWorkspace(this WebApplication app)
    {
        return app;
    }
}
