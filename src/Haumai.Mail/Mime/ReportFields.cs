namespace Haumai.Mail.Mime;

/// <summary>
/// The bodies of message/delivery-status (RFC 3464 §2.1), message/disposition-notification (RFC 8098
/// §3.1) and message/feedback-report (RFC 5965 §3.1) are groups of header-style fields separated by
/// blank lines: for a DSN, the per-message group first, then one group per recipient. Extra blank lines
/// between groups (seen in the wild) do not make empty groups.
/// </summary>
public static class ReportFields
{
    public static IReadOnlyList<HeaderList> Parse(MimePart part) => Parse(part.GetText());

    public static IReadOnlyList<HeaderList> Parse(string text)
    {
        var groups = new List<HeaderList>();
        HeaderList? current = null;
        string? name = null;
        var value = new System.Text.StringBuilder();
        foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
        {
            if (line.Trim().Length == 0)
            {
                Commit();
                current = null;
                continue;
            }
            if (line[0] is ' ' or '\t' && name is not null)
            {
                value.Append('\n').Append(line);
                continue;
            }
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue; // not a field: ignored rather than failing the whole report
            }
            Commit();
            if (current is null)
            {
                current = new HeaderList();
                groups.Add(current);
            }
            name = line[..colon].Trim();
            value.Append(line[(colon + 1)..]);
        }
        Commit();
        return groups;

        void Commit()
        {
            if (name is not null)
            {
                current!.Add(name, value.ToString());
                name = null;
                value.Clear();
            }
        }
    }
}
