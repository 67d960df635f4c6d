namespace Haumai.Web.Infrastructure.Localization;

/// <summary>
/// Marker for <c>IStringLocalizer&lt;SharedText&gt;</c>. Strings of the layout and of more than one area: navigation, enum names, dates, common buttons. Keys are the English
/// text; SharedText.vi.resx beside this file holds the Vietnamese of every key (docs/ui.md).
/// </summary>
public sealed class SharedText
{
}
