namespace Haumai.Mail.Smtp;

/// <summary>The ESMTP extensions a server announced in its EHLO reply (none after a HELO fallback).</summary>
public sealed class SmtpCapabilities
{
    private readonly Dictionary<string, string> _extensions;

    private SmtpCapabilities(Dictionary<string, string> extensions, bool extended)
    {
        _extensions = extensions;
        IsExtended = extended;
        if (extensions.TryGetValue("SIZE", out var size) && long.TryParse(size, out var max) && max > 0)
        {
            MaxMessageSize = max;
        }

        var mechanisms = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in new[] { "AUTH", "AUTH=" })
        {
            if (extensions.TryGetValue(key, out var list))
            {
                mechanisms.UnionWith(list.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
        }

        AuthMechanisms = mechanisms;
    }

    internal static SmtpCapabilities None { get; } = new(new(StringComparer.OrdinalIgnoreCase), extended: false);

    /// <summary>Reads an EHLO reply: the first line is the greeting, each later one "KEYWORD [params]".</summary>
    internal static SmtpCapabilities Parse(SmtpReply ehlo)
    {
        var extensions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in ehlo.Lines.Skip(1))
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }

            // Old servers announce "AUTH=PLAIN LOGIN" (no space); keep it under its own key.
            var cut = trimmed.StartsWith("AUTH=", StringComparison.OrdinalIgnoreCase) ? 5 : trimmed.IndexOf(' ');
            var keyword = cut < 0 ? trimmed : trimmed[..cut];
            var parameters = cut < 0 ? "" : trimmed[cut..].Trim();
            extensions[keyword] = extensions.TryGetValue(keyword, out var earlier) ? $"{earlier} {parameters}".Trim() : parameters;
        }

        return new SmtpCapabilities(extensions, extended: true);
    }

    /// <summary>True after EHLO succeeded; false when the server only spoke HELO.</summary>
    public bool IsExtended { get; }

    /// <summary>The announced SIZE limit in bytes (RFC 1870), or null when none was announced or it is unlimited.</summary>
    public long? MaxMessageSize { get; }

    public bool SupportsSize => Has("SIZE");

    public bool Supports8BitMime => Has("8BITMIME");

    public bool SupportsSmtpUtf8 => Has("SMTPUTF8");

    public bool SupportsStartTls => Has("STARTTLS");

    public bool SupportsPipelining => Has("PIPELINING");

    public bool SupportsEnhancedStatusCodes => Has("ENHANCEDSTATUSCODES");

    /// <summary>SASL mechanisms offered by AUTH (RFC 4954), upper case as announced.</summary>
    public IReadOnlySet<string> AuthMechanisms { get; }

    /// <summary>Whether the server announced <paramref name="keyword"/> (case-insensitive).</summary>
    public bool Has(string keyword) => _extensions.ContainsKey(keyword);

    /// <summary>The parameters announced with <paramref name="keyword"/> ("" when none), or null if not announced.</summary>
    public string? this[string keyword] => _extensions.TryGetValue(keyword, out var value) ? value : null;

    public IEnumerable<string> Keywords => _extensions.Keys;
}
