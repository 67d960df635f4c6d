namespace Haumai.Web.Features.Portal;

/// <summary>
/// The customer portal (issue 3): registration by invitation or by a claimed email domain, and the
/// use cases behind the portal's pages (Pages/Portal) and their admin pages (Pages/Admin/Invitations,
/// Pages/Admin/Domains). The pages are the only way in: there are no portal API endpoints.
/// </summary>
public static class PortalFeature
{
    public static IServiceCollection AddPortal(this IServiceCollection services)
    {
        services.AddScoped<AttachmentCheck>();
        services.AddScoped<CategoryChoices.Handler>();
        services.AddScoped<ClaimDomain.Handler>();
        services.AddScoped<CreateInvitation.Handler>();
        services.AddScoped<FindInvitation.Handler>();
        services.AddScoped<ListDomains.Handler>();
        services.AddScoped<ListInvitations.Handler>();
        services.AddScoped<ListMembers.Handler>();
        services.AddScoped<ListMyTickets.Handler>();
        services.AddScoped<OpenTicket.Handler>();
        services.AddScoped<OrganizationChoices.Handler>();
        services.AddScoped<PortalAttachment.Handler>();
        services.AddScoped<ReadPortalTicket.Handler>();
        services.AddScoped<Register.Handler>();
        services.AddScoped<ReleaseDomain.Handler>();
        services.AddScoped<ReplyToTicket.Handler>();
        services.AddScoped<RevokeInvitation.Handler>();
        services.AddScoped<SolveTicket.Handler>();
        return services;
    }

    public static WebApplication MapPortal(this WebApplication app)
    {
        return app;
    }
}
