namespace Haumai.Mail.Mime;

/// <summary>
/// A parsed message (RFC 5322): its header fields and a body entity. The body shares the message's
/// header list, where its Content-* fields live. Dispose it to delete the temporary files of large parts.
/// </summary>
public sealed class MimeMessage : IDisposable
{
    private MimeEntity? _body;

    internal MimeMessage(HeaderList headers)
    {
        Headers = headers;
    }

    public HeaderList Headers { get; }

    /// <summary>The root entity of the body.</summary>
    public MimeEntity Body
    {
        get => _body ??= new MimePart(Headers, null, ContentStorage.FromBytes([]));
        internal set => _body = value;
    }

    public IReadOnlyList<Address> From => AddressParser.ParseList(Headers["From"]);

    public IReadOnlyList<Address> Sender => AddressParser.ParseList(Headers["Sender"]);

    public IReadOnlyList<Address> ReplyTo => AddressParser.ParseList(Headers["Reply-To"]);

    public IReadOnlyList<Address> To => AddressParser.ParseList(JoinAll("To"));

    public IReadOnlyList<Address> Cc => AddressParser.ParseList(JoinAll("Cc"));

    public IReadOnlyList<Address> Bcc => AddressParser.ParseList(JoinAll("Bcc"));

    /// <summary>The decoded subject (RFC 2047), or null when absent.</summary>
    public string? Subject => Headers.Get("Subject")?.DecodedValue;

    /// <summary>The Date field parsed, or null when absent or unreadable.</summary>
    public DateTimeOffset? Date => DateParser.Parse(Headers["Date"]);

    /// <summary>The Message-ID without angle brackets (RFC 5322 §3.6.4), or null.</summary>
    public string? MessageId => MessageIds.Parse(Headers["Message-ID"]).FirstOrDefault();

    public string? InReplyTo => MessageIds.Parse(Headers["In-Reply-To"]).FirstOrDefault();

    public IReadOnlyList<string> References => MessageIds.Parse(Headers["References"]);

    /// <summary>The plain-text body as a reader would see it (see <see cref="BodyFinder"/>), or null.</summary>
    public MimePart? TextBodyPart => BodyFinder.Find(Body, "plain");

    public MimePart? HtmlBodyPart => BodyFinder.Find(Body, "html");

    public string? TextBody => TextBodyPart?.GetText();

    public string? HtmlBody => HtmlBodyPart?.GetText();

    /// <summary>Attachments: parts marked as such, and attached messages, not descending into those messages.</summary>
    public IEnumerable<MimeEntity> Attachments =>
        BodyFinder.Walk(Body, intoMessages: false).Where(e => e is not Multipart && e != Body && e.IsAttachment);

    /// <summary>Every entity of the tree, depth first, including those inside attached messages.</summary>
    public IEnumerable<MimeEntity> AllEntities => BodyFinder.Walk(Body, intoMessages: true);

    /// <summary>Parses a message from a stream (read incrementally; see <see cref="MimeParser"/>).</summary>
    public static MimeMessage Load(Stream stream, MimeParserOptions? options = null) =>
        new MimeParser(stream, options).ParseMessage();

    public static MimeMessage Load(byte[] bytes, MimeParserOptions? options = null) =>
        Load(new MemoryStream(bytes, writable: false), options);

    public static MimeMessage LoadFile(string path, MimeParserOptions? options = null)
    {
        using var file = File.OpenRead(path);
        return Load(file, options);
    }

    public void Dispose()
    {
        foreach (var entity in AllEntities)
        {
            switch (entity)
            {
                case MimePart part:
                    part.Dispose();
                    break;
                case Multipart multipart:
                    multipart.PreambleStorage?.Dispose();
                    multipart.EpilogueStorage?.Dispose();
                    break;
            }
        }
    }

    private string? JoinAll(string name)
    {
        var values = Headers.GetAll(name).Select(h => h.Value).ToList();
        return values.Count == 0 ? null : string.Join(", ", values);
    }
}

/// <summary>msg-id lists (RFC 5322 §3.6.4) as found in Message-ID, In-Reply-To and References.</summary>
public static class MessageIds
{
    /// <summary>The ids without brackets; a bare id without brackets (seen in the wild) counts too.</summary>
    public static IReadOnlyList<string> Parse(string? value)
    {
        var ids = new List<string>();
        if (string.IsNullOrWhiteSpace(value))
        {
            return ids;
        }
        var i = 0;
        while (i < value.Length)
        {
            i = Lexer.SkipCfws(value, i);
            if (i >= value.Length)
            {
                break;
            }
            if (value[i] == '<')
            {
                var end = value.IndexOf('>', i + 1);
                var id = (end < 0 ? value[(i + 1)..] : value[(i + 1)..end]).Replace(" ", "", StringComparison.Ordinal).Trim();
                if (id.Length > 0)
                {
                    ids.Add(id);
                }
                i = end < 0 ? value.Length : end + 1;
            }
            else
            {
                var start = i;
                while (i < value.Length && !char.IsWhiteSpace(value[i]) && value[i] is not ('<' or ',' or '('))
                {
                    i++;
                }
                var word = value[start..i];
                if (word.Contains('@'))
                {
                    ids.Add(word);
                }
                i = Math.Max(i, start + 1);
            }
        }
        return ids;
    }
}

/// <summary>Finds the body a mail client would display, the way common clients do.</summary>
public static class BodyFinder
{
    /// <summary>
    /// The text/<paramref name="subtype"/> part shown as the body: in multipart/alternative the last
    /// matching alternative (RFC 2046 §5.1.4: the preferred one is last), in multipart/related the root
    /// (RFC 2387 §3.2: the "start" parameter, else the first part), in any other multipart only the first
    /// part. Attachments and attached messages are never the body.
    /// </summary>
    public static MimePart? Find(MimeEntity entity, string subtype)
    {
        for (var depth = 0; depth < 256; depth++)
        {
            switch (entity)
            {
                case MimePart part:
                    return part.ContentType.Is("text", subtype) && part.ContentDisposition is not { IsAttachment: true } ? part : null;
                case Multipart { Parts.Count: 0 }:
                    return null;
                case Multipart multipart when multipart.ContentType.MediaSubtype == "alternative":
                    for (var i = multipart.Parts.Count - 1; i >= 0; i--)
                    {
                        if (Find(multipart.Parts[i], subtype) is { } found)
                        {
                            return found;
                        }
                    }
                    return null;
                case Multipart multipart when multipart.ContentType.MediaSubtype == "related":
                    var start = multipart.ContentType.Parameters["start"]?.Trim().Trim('<', '>');
                    entity = (start is null ? null : multipart.Parts.FirstOrDefault(p => p.ContentId == start)) ?? multipart.Parts[0];
                    break;
                case Multipart multipart:
                    entity = multipart.Parts[0];
                    break;
                default:
                    return null;
            }
        }
        return null;
    }

    /// <summary>Depth-first walk with an explicit stack (no recursion).</summary>
    public static IEnumerable<MimeEntity> Walk(MimeEntity root, bool intoMessages)
    {
        var stack = new Stack<MimeEntity>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var entity = stack.Pop();
            yield return entity;
            if (entity is Multipart multipart)
            {
                for (var i = multipart.Parts.Count - 1; i >= 0; i--)
                {
                    stack.Push(multipart.Parts[i]);
                }
            }
            else if (entity is MessagePart message && intoMessages)
            {
                stack.Push(message.Message.Body);
            }
        }
    }
}
