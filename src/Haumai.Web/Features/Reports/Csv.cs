using System.Globalization;
using System.Text;

namespace Haumai.Web.Features.Reports;

/// <summary>
/// CSV as Excel opens it correctly (R1 export): UTF-8 with a byte-order mark, so Vietnamese
/// letters are not read as the Windows code page; CRLF line ends and RFC 4180 quoting (a field
/// with a comma, a quote or a line break is quoted, quotes doubled); numbers in the invariant
/// culture, so a decimal point is never a comma.
/// </summary>
public static class Csv
{
    public const string ContentType = "text/csv; charset=utf-8";

    /// <summary>UTF-8 that writes the BOM at the start of the stream.</summary>
    public static readonly Encoding Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    /// <summary>One record with its CRLF. A string, not a write: the response body only takes asynchronous writes.</summary>
    public static string Row(params ReadOnlySpan<object?> fields)
    {
        var line = new StringBuilder();
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                line.Append(',');
            }
            line.Append(Field(fields[i]));
        }
        return line.Append("\r\n").ToString();
    }

    public static string Field(object? value)
    {
        var text = value switch
        {
            null => "",
            string s => Text(s),
            DateTimeOffset d => d.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => Text(value.ToString() ?? ""),
        };
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    /// <summary>
    /// Text typed by customers (a subject) must not run as a formula when the file is opened in a
    /// spreadsheet: a leading =, +, -, @, tab or CR gets a quote in front (OWASP's advice for CSV injection).
    /// </summary>
    private static string Text(string s) => s.Length > 0 && s[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + s : s;
}
