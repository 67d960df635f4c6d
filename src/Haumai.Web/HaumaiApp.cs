using System.Text.Json;
using System.Text.Json.Serialization;
using Haumai.Web.Data;
using Haumai.Web.Features.Calendars;
using Haumai.Web.Features.Categories;
using Haumai.Web.Features.Demo;
using Haumai.Web.Features.Eta;
using Haumai.Web.Features.Health;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Notifications;
using Haumai.Web.Features.Organizations;
using Haumai.Web.Features.Reports;
using Haumai.Web.Features.Sla;
using Haumai.Web.Features.Teams;
using Haumai.Web.Features.Tickets;
using Haumai.Web.Infrastructure.Auth;
using Haumai.Web.Infrastructure.Http;
using Haumai.Web.Infrastructure.Idempotency;

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
        services.AddRazorPages();
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
        return builder;
    }

    public static WebApplication MapHaumai(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(async (http, next) =>
        {
            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers["Referrer-Policy"] = "same-origin";
            await next();
        });
        app.UseStaticFiles();
        app.UseRouting();
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
        app.MapRazorPages();
        return app;
    }
}
