namespace Haumai.Web.Features.Eta;

/// <summary>T6: the estimated completion time of open tickets. Its API is the <c>eta</c> field of the ticket (GET, PATCH).</summary>
public static class EtaFeature
{
    public static IServiceCollection AddEta(this IServiceCollection services) =>
        services.AddScoped<TicketEta>();
}
