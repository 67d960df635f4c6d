namespace Haumai.Web.Features.Demo;

public static class DemoFeature
{
    public static IServiceCollection AddDemo(this IServiceCollection services)
    {
        services.AddScoped<SeedDemo.Handler>();
        return services;
    }
}
