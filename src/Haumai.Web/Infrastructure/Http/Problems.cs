namespace Haumai.Web.Infrastructure.Http;

/// <summary>
/// Stable problem <c>type</c>s (RFC 9457): clients switch on these, never on the title text.
/// </summary>
public static class Problems
{
    public const string Base = "https://haumai.dev/problems/";
    public const string Validation = Base + "validation";
    public const string NotFound = Base + "not-found";
    public const string Forbidden = Base + "forbidden";
    public const string Conflict = Base + "conflict";
    public const string ConcurrentUpdate = Base + "concurrent-update";
    public const string PayloadTooLarge = Base + "payload-too-large";
    public const string UnsupportedMediaType = Base + "unsupported-media-type";
    public const string IdempotencyKeyReused = Base + "idempotency-key-reused";
    public const string Unauthorized = Base + "unauthorized";
    public const string RateLimited = Base + "rate-limited";
    public const string ServerError = Base + "server-error";

    public static string Rule(string code) => Base + code;

    /// <summary>404: what does not exist and what the caller may not see look the same (D1).</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NotFoundResult(string detail) =>
        TypedResults.Problem(statusCode: 404, type: NotFound, title: "Not found", detail: detail);

    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooLargeResult(string detail) =>
        TypedResults.Problem(statusCode: 413, type: PayloadTooLarge, title: "Too large", detail: detail);
}
