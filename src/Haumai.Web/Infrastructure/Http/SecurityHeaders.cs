namespace Haumai.Web.Infrastructure.Http;

/// <summary>
/// Headers on every response. The Content-Security-Policy allows scripts and styles from Haumai
/// itself only (no inline script, no eval, no CDN), so that text a customer typed can never run
/// even if an encoding mistake let it through; pages keep their scripts in wwwroot/js.
/// <para>
/// img-src allows https: for the remote images of mail (E6). The gate is the sanitiser, not this
/// header: it writes a remote image into a page only for the message whose reader chose "show
/// images", so a blocked image never reaches the browser at all. Allowing https: only on the
/// responses that show images would not work, because htmx swaps the shown message into a page
/// whose policy was fixed when it loaded. Plain http: images stay refused (mixed content on a
/// site served over TLS), and Referrer-Policy keeps the ticket's URL from the image's host.
/// </para>
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: https:; " +
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; " +
        "frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XFrameOptions = "DENY";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            await next();
        });
}
