using System.Text.Json;
using System.Text.Json.Serialization;
using Haumai.Web.Data;
using Haumai.Web.Features.CannedResponses;
using Haumai.Web.Features.Chat;
using Haumai.Web.Features.Calendars;
using Haumai.Web.Features.Categories;
using Haumai.Web.Features.Demo;
using Haumai.Web.Features.Eta;
using Haumai.Web.Features.Health;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Notifications;
using Haumai.Web.Features.Mail.Inbound;
using Haumai.Web.Features.Mail.Outbox;
using Haumai.Web.Features.Organizations;
using Haumai.Web.Features.Portal;
using Haumai.Web.Features.Reports;
using Haumai.Web.Features.Sla;
using Haumai.Web.Features.Teams;
using Haumai.Web.Features.Tickets;
using Haumai.Web.Features.Workspace;
using Haumai.Web.Infrastructure.Auth;
using Haumai.Web.Infrastructure.Http;
using Haumai.Web.Infrastructure.Idempotency;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.ResponseCompression;

namespace Haumai.Web;

/// <summary>The whole application's wiring: one Add* and one Map* per feature.</summary>
public static class HaumaiApp
{
    public static WebApplicationBuilder AddHaumai(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddHaumaiData(builder.Configuration);
        services.AddHostedService<MigrateOnStartup>();
        services.AddHaumaiAuth();
        services.AddProblemDetails();
        services.AddExceptionHandler<ErrorHandling>();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
        // Minimal APIs only throw (and so reach ErrorHandling, which names the bad field) when told to.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi("v1");
        // Behind a TLS-terminating proxy on this machine, trust its X-Forwarded-Proto/-For (the
        // defaults trust loopback proxies only), so cookies stay Secure and rate limits see clients.
        services.Configure<ForwardedHeadersOptions>(o =>
            o.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto);
        services.AddHaumaiLocalization();
        services.AddRazorPages(o =>
        {
            // Each area checks its role before any page code runs; pages check each ticket too.
            o.Conventions.AuthorizeFolder("/Agent", AuthSetup.StaffPolicy);
            o.Conventions.AuthorizeFolder("/Admin", AuthSetup.AdminPolicy);
            o.Conventions.AuthorizeFolder("/Portal", AuthSetup.ApiPolicy);
            o.Conventions.AllowAnonymousToPage("/Portal/Register");
        }).AddViewLocalization();
        // Compress scripts and styles only: HTML carries antiforgery tokens and secrets (BREACH).
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ["text/css", "text/javascript", "application/javascript", "image/svg+xml"];
        });
        // Keys in the data folder: cookies survive a restart and mailbox passwords can be read back.
        services.AddKeysInDataFolder();
        services.AddAntiforgery(o =>
        {
            o.HeaderName = "RequestVerificationToken";
            o.Cookie.Name = "haumai.csrf";
            o.Cookie.SecurePolicy = SecureCookies(builder);
        });
        services.PostConfigure<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(
            Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme,
            o => o.Cookie.SecurePolicy = SecureCookies(builder));
        // Pages are Vietnamese first: write its letters as they are, not as &#x1EAD; entities.
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddScoped<IdempotentPost>();

        services.AddIdentityFeature();
        services.AddOrganizations();
        services.AddTeams();
        services.AddCategories();
        services.AddTickets();
        services.AddCalendars();
        services.AddNotifications();
        services.AddSla();
        services.AddEta();
        services.AddReports();
        services.AddDemo();
        services.AddCannedResponses();
        services.AddWorkspace();
        services.AddPortal();
        services.AddOutbox();
        services.AddInboundMail();
        services.AddChat();
        return builder;
    }

    /// <summary>
    /// Cookies are Secure in production (Haumai runs behind TLS there); plain http is allowed for
    /// development and tests on loopback, or where an admin says so (Auth:AllowInsecureCookies).
    /// </summary>
    private static CookieSecurePolicy SecureCookies(WebApplicationBuilder builder) =>
        builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment("Testing")
            || builder.Configuration.GetValue<bool>("Auth:AllowInsecureCookies")
            ? CookieSecurePolicy.SameAsRequest
            : CookieSecurePolicy.Always;

    public static WebApplication MapHaumai(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        // The API answers errors with problem details; people get a page in their language.
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api"),
            api => api.UseStatusCodePages());
        app.UseWhen(http => !http.Request.Path.StartsWithSegments("/api") && !http.Request.Path.StartsWithSegments("/hubs"),
            pages => pages.UseStatusCodePagesWithReExecute("/error/{0}"));
        app.UseSecurityHeaders();
        app.UseResponseCompression();
        app.UseRequestLocalization();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseCors();
        app.UseBodySizeLimit();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapHealthEndpoints();
        app.MapIdentityEndpoints();
        app.MapOrganizationEndpoints();
        app.MapTeamEndpoints();
        app.MapCategoryEndpoints();
        app.MapTicketEndpoints();
        app.MapNotificationEndpoints();
        app.MapCalendarEndpoints();
        app.MapSlaEndpoints();
        app.MapReportEndpoints();
        app.MapCannedResponseEndpoints();
        app.MapWorkspace();
        app.MapPortal();
        app.MapInboundMailEndpoints();
        app.MapMailboxEndpoints();
        app.MapChat();
        app.MapRazorPages();
        return app;
    }
}
