namespace Haumai.Web.Features.Mail.Outbox;

public static class OutboxFeature
{
    public static IServiceCollection AddOutbox(this IServiceCollection services)
    {
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section)
            .Validate(o => !o.Enabled || (!string.IsNullOrWhiteSpace(o.From) && !string.IsNullOrWhiteSpace(o.Smtp.Host)),
                "Mail:Enabled needs Mail:From and Mail:Smtp:Host.")
            .Validate(o => o.Outbox.MaxAttempts >= 1, "Mail:Outbox:MaxAttempts must be at least 1.")
            .ValidateOnStart();
        services.AddSingleton<OutboxSender>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxSender>());
        return services;
    }
}
