namespace Haumai.Web.Features.Portal;

/// <summary>
/// Why a portal use case refused a request, and which form field it is about. The message is the
/// English text with {0}-style placeholders: it is also the key in PortalText.vi.resx, so a page
/// shows it with <c>T[error.Message, error.Arguments]</c> in the reader's language.
/// </summary>
public sealed record FieldError(string Field, string Message, params object[] Arguments);
