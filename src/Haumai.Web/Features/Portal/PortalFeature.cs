namespace Haumai.Web.Features.Portal;

/// <summary>The customer portal (issue 3): registration by invitation or claimed email domain.</summary>
public static class PortalFeature
{
    public static IServiceCollection AddPortal(this IServiceCollection services)
    {
        return services;
    }

    public static WebApplication MapPortal(this WebApplication app)
    {
        return app;
    }
}
