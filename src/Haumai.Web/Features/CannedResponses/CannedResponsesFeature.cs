namespace Haumai.Web.Features.CannedResponses;

/// <summary>T8: canned responses, managed by admins, inserted by agents.</summary>
public static class CannedResponsesFeature
{
    public static IServiceCollection AddCannedResponses(this IServiceCollection services)
    {
        return services;
    }

    public static WebApplication MapCannedResponseEndpoints(this WebApplication app)
    {
        return app;
    }
}
