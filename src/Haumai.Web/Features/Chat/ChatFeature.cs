using Haumai.Web.Data;
using Haumai.Web.Infrastructure.Auth;
using Haumai.Web.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Chat;

/// <summary>
/// Live chat (issue 6, C1-C4): the visitors' hub <c>/hubs/chat</c> behind the widget script
/// <c>/chat/widget.js</c>, the agents' hub <c>/hubs/chat-agent</c> behind the console
/// <c>/agent/chat</c>, and the admins' API for widgets. See docs/adr/005.
/// </summary>
public static class ChatFeature
{
    public const string CorsPolicy = "chat-widget";
    public const string WidgetScriptPath = "/chat/widget.js";

    public static IServiceCollection AddChat(this IServiceCollection services)
    {
        services.AddOptions<ChatOptions>().BindConfiguration("Chat");
        services.AddSingleton<ChatOrigins>();
        services.AddSingleton<ChatBlocks>();
        services.AddSingleton<ChatNotifier>();
        services.AddScoped<ChatAvailability>();
        services.AddScoped<RouteChats>();
        services.AddScoped<VisitorChat>();
        services.AddScoped<AgentChat>();
        services.AddScoped<SaveChatWidget.Handler>();
        services.AddSingleton<FluentValidation.IValidator<SaveChatWidget.Request>, SaveChatWidget.Validator>();
        services.AddScoped<BlockChatVisitor.Handler>();
        services.AddScoped<UnblockChatVisitor.Handler>();
        services.AddSingleton<FluentValidation.IValidator<BlockChatVisitor.Request>, BlockChatVisitor.Validator>();
        services.AddCors();
        // The allowed origins are the widgets' and change at run time: the policy is made per request.
        services.AddSingleton<Microsoft.AspNetCore.Cors.Infrastructure.ICorsPolicyProvider, ChatCorsPolicyProvider>();
        return services;
    }

    public static WebApplication MapChat(this WebApplication app)
    {
        // Visitors come from other sites: the negotiation answers CORS for the widgets' origins, without cookies.
        app.MapHub<ChatHub>(ChatHub.Path).RequireCors(CorsPolicy);
        app.MapHub<ChatAgentHub>(ChatAgentHub.Path);
        // The widget at the address the providers' pages name; built from ClientApp/widget by the build.
        app.MapGet(WidgetScriptPath, (IWebHostEnvironment env, HttpContext http) =>
        {
            var file = env.WebRootFileProvider.GetFileInfo("lib/chat/widget.js");
            if (!file.Exists)
            {
                return Results.NotFound();
            }
            // Short: a new version reaches the providers' visitors within minutes.
            http.Response.Headers.CacheControl = "public, max-age=300";
            return Results.Stream(file.CreateReadStream(), "text/javascript; charset=utf-8", lastModified: file.LastModified);
        }).AllowAnonymous().ExcludeFromDescription();

        var widgets = app.MapGroup("/api/v1/chat/widgets").WithTags("Chat").RequireAuthorization(AuthSetup.AdminPolicy);
        widgets.MapGet("/", async (HaumaiDb db, CancellationToken ct) =>
            TypedResults.Ok((await db.Set<ChatWidget>().AsNoTracking().OrderBy(w => w.Name).ToListAsync(ct)).Select(Response).ToList()));
        widgets.MapPost("/", async Task<Results<Created<WidgetResponse>, ValidationProblem>> (SaveChatWidget.Request request, SaveChatWidget.Handler save, CancellationToken ct) =>
        {
            var result = await save.CreateAsync(request, ct);
            return result.Outcome == SaveChatWidget.Outcome.Saved
                ? TypedResults.Created($"/api/v1/chat/widgets/{result.Widget!.Id}", Response(result.Widget))
                : Validation.Problem("teamId", "There is no such team.");
        }).Validate<SaveChatWidget.Request>();
        widgets.MapPut("/{id:int}", async Task<Results<Ok<WidgetResponse>, ProblemHttpResult, ValidationProblem>> (int id, SaveChatWidget.Request request, SaveChatWidget.Handler save, CancellationToken ct) =>
        {
            var result = await save.UpdateAsync(id, request, ct);
            return result.Outcome switch
            {
                SaveChatWidget.Outcome.Saved => TypedResults.Ok(Response(result.Widget!)),
                SaveChatWidget.Outcome.NotFound => Problems.NotFoundResult($"There is no widget {id}."),
                _ => Validation.Problem("teamId", "There is no such team."),
            };
        }).Validate<SaveChatWidget.Request>();
        return app;
    }

    public sealed record WidgetResponse(int Id, string Key, string Name, int TeamId, IReadOnlyList<string> AllowedOrigins, bool RequireContact, string Color,
        string? GreetingVi, string? GreetingEn, bool IsActive, string Snippet);

    private static WidgetResponse Response(ChatWidget w) => new(w.Id, w.Key, w.Name, w.TeamId, w.Origins, w.RequireContact, w.Color, w.GreetingVi, w.GreetingEn, w.IsActive,
        $"<script src=\"/chat/widget.js\" data-widget=\"{w.Key}\" async></script>");
}

/// <summary>CORS for the chat policy from the widgets' origins of the moment; other policies as configured.</summary>
internal sealed class ChatCorsPolicyProvider(Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions> options)
    : Microsoft.AspNetCore.Cors.Infrastructure.ICorsPolicyProvider
{
    private readonly Microsoft.AspNetCore.Cors.Infrastructure.DefaultCorsPolicyProvider _default = new(options);

    public Task<Microsoft.AspNetCore.Cors.Infrastructure.CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        if (policyName != ChatFeature.CorsPolicy)
        {
            return _default.GetPolicyAsync(context, policyName);
        }
        var origins = context.RequestServices.GetRequiredService<ChatOrigins>();
        return Task.FromResult<Microsoft.AspNetCore.Cors.Infrastructure.CorsPolicy?>(new Microsoft.AspNetCore.Cors.Infrastructure.CorsPolicyBuilder()
            .SetIsOriginAllowed(origins.IsAllowed).AllowAnyHeader().WithMethods("GET", "POST").Build());
    }
}
