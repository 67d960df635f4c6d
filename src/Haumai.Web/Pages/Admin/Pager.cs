using Microsoft.AspNetCore.WebUtilities;

namespace Haumai.Web.Pages.Admin;

/// <summary>
/// Page links for a list (rendered by _Pager.cshtml): the current query string with another
/// <c>p</c>. Not "page": Razor Pages keeps that name for the page's own route value.
/// </summary>
public sealed record Pager(int Page, int Pages, string Path, IReadOnlyDictionary<string, string?> Query)
{
    public const string Key = "p";

    public string Url(int page)
    {
        var query = Query.Where(q => !string.IsNullOrEmpty(q.Value) && q.Key != Key)
            .Append(new KeyValuePair<string, string?>(Key, Math.Clamp(page, 1, Pages).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return QueryHelpers.AddQueryString(Path, query);
    }

    /// <summary>First, last, and two either side of the current page; null where pages are skipped.</summary>
    public IEnumerable<int?> Window()
    {
        int? last = null;
        for (var p = 1; p <= Pages; p++)
        {
            if (p == 1 || p == Pages || Math.Abs(p - Page) <= 2)
            {
                if (last is { } l && p - l > 1)
                {
                    yield return null;
                }
                yield return p;
                last = p;
            }
        }
    }
}
