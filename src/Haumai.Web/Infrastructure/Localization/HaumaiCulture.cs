using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Haumai.Web.Infrastructure.Localization;

/// <summary>
/// X1: Vietnamese first, English too. The request's culture comes from, in order: <c>?culture=</c>,
/// the culture cookie (set at sign-in from the user's stored language and by the language switch),
/// then Vietnamese. The browser's Accept-Language is not asked: a Vietnamese company's staff on an
/// English browser still get Vietnamese until they choose otherwise.
/// </summary>
public static class HaumaiCulture
{
    public const string Vietnamese = "vi";
    public const string English = "en";
    public const string DefaultTimeZone = "Asia/Ho_Chi_Minh";

    public static readonly string[] Languages = [Vietnamese, English];

    private static readonly CultureInfo[] SupportedCultures = [new("vi-VN"), new("en-US")];

    public static bool IsLanguage(string? language) => language is Vietnamese or English;

    public static string CultureOf(string language) => language == English ? "en-US" : "vi-VN";

    /// <summary>The value of the culture cookie for a language.</summary>
    public static string CookieValue(string language) =>
        CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(CultureOf(language)));

    /// <summary>Time zones people pick from: IANA ids this machine knows, the default first.</summary>
    public static IReadOnlyList<string> TimeZones { get; } = BuildTimeZones();

    public static bool IsTimeZone(string? id) => id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    public static TimeZoneInfo FindZone(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)
            ? zone
            : TimeZoneInfo.FindSystemTimeZoneById(DefaultTimeZone);

    public static IServiceCollection AddHaumaiLocalization(this IServiceCollection services)
    {
        // Resources sit beside their marker classes (SharedText.vi.resx next to SharedText.cs).
        services.AddLocalization();
        services.AddScoped<UserFormat>();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("vi-VN");
            o.SupportedCultures = SupportedCultures;
            o.SupportedUICultures = SupportedCultures;
            o.FallBackToParentUICultures = true;
            o.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider(),
            ];
        });
        return services;
    }

    private static List<string> BuildTimeZones()
    {
        var ids = TimeZoneInfo.GetSystemTimeZones()
            .Select(z => z.Id)
            .Where(id => id.Contains('/', StringComparison.Ordinal) && !id.StartsWith("Etc/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        ids.Remove(DefaultTimeZone);
        ids.Insert(0, DefaultTimeZone);
        return ids;
    }
}
