using System.Threading.RateLimiting;
using Haumai.Web.Features.Identity;
using Haumai.Web.Infrastructure.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Haumai.Web.Infrastructure.Auth;

public static class AuthSetup
{
    /// <summary>API endpoints: a bearer token or the signed-in cookie, either will do.</summary>
    public const string ApiPolicy = "api";
    public const string StaffPolicy = "staff";
    public const string AdminPolicy = "admin";
    public const string SignInRateLimit = "sign-in";
    private const string Smart = "smart";

    public static IServiceCollection AddHaumaiAuth(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddAuthentication(Smart)
            .AddPolicyScheme(Smart, Smart, o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiTokenAuthenticationHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.LoginPath = "/account/sign-in";
                o.LogoutPath = "/account/sign-out";
                o.AccessDeniedPath = "/error/403";
                o.Cookie.Name = "haumai.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                // An API client gets a 401/403 problem, not a redirect to a sign-in page.
                o.Events.OnRedirectToLogin = ctx => ApiAware(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => ApiAware(ctx, StatusCodes.Status403Forbidden);
                o.Events.OnValidatePrincipal = RecheckUserAsync;
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicy, p => p.AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName, CookieAuthenticationDefaults.AuthenticationScheme).RequireAuthenticatedUser())
            .AddPolicy(StaffPolicy, p => p.AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName, CookieAuthenticationDefaults.AuthenticationScheme)
                .RequireRole(nameof(Role.Agent), nameof(Role.Admin)))
            .AddPolicy(AdminPolicy, p => p.AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName, CookieAuthenticationDefaults.AuthenticationScheme)
                .RequireRole(nameof(Role.Admin)));

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Guessing passwords is cheap; ten tries a minute per address is plenty for people.
            o.AddPolicy(SignInRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return services;
    }

    /// <summary>
    /// A cookie outlives changes an admin makes: each request re-reads the user (one lookup by key).
    /// A deactivated or deleted user is signed out at once; a changed role, organization or
    /// preference replaces the cookie's claims, so a demoted admin loses /admin on the next click.
    /// </summary>
    private static async Task RecheckUserAsync(CookieValidatePrincipalContext ctx)
    {
        if (ctx.Principal?.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value is not { } idText
            || !int.TryParse(idText, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            ctx.RejectPrincipal();
            return;
        }
        var db = ctx.HttpContext.RequestServices.GetRequiredService<Data.HaumaiDb>();
        var user = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleOrDefaultAsync(
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AsNoTracking(db.Users), u => u.Id == id, ctx.HttpContext.RequestAborted);
        if (user is null || !user.IsActive)
        {
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        var fresh = HaumaiClaims.For(user);
        var current = ctx.Principal.Claims.Select(c => (c.Type, c.Value)).ToHashSet();
        if (!fresh.All(c => current.Contains((c.Type, c.Value))) || current.Count != fresh.Count)
        {
            ctx.ReplacePrincipal(new System.Security.Claims.ClaimsPrincipal(
                new System.Security.Claims.ClaimsIdentity(fresh, CookieAuthenticationDefaults.AuthenticationScheme)));
            ctx.ShouldRenew = true;
        }
    }

    private static Task ApiAware(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        // API and hub clients get a status code (and a problem), not a redirect to a sign-in page.
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/hubs"))
        {
            ctx.Response.StatusCode = status;
            var problems = ctx.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
            return problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = ctx.HttpContext,
                ProblemDetails = new ProblemDetails
                {
                    Status = status,
                    Type = status == 401 ? Problems.Unauthorized : Problems.Forbidden,
                    Title = status == 401 ? "Sign-in required" : "Not allowed",
                    Detail = status == 401 ? "Send 'Authorization: Bearer <token>' with a valid, unrevoked API token." : "Your role does not allow this.",
                },
            }).AsTask();
        }
        if (status == StatusCodes.Status403Forbidden)
        {
            // Signed in but not allowed: answer 403 here; the status code page shows why, in the
            // user's language, at the same URL (a redirect would lose both).
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
