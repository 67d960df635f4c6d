namespace Haumai.Mail.Tests;

/// <summary>
/// The shared email corpus, read in place: <c>&lt;repo&gt;/../shared/corpus/email</c>, found by walking
/// up from the test assembly's folder.
/// </summary>
public static class Corpus
{
    public static string? Root { get; } = Find();

    public static string MimeKit => Path.Combine(Root ?? throw new InvalidOperationException("corpus not present"), "mimekit");

    public static string File(string name) => Path.Combine(MimeKit, name);

    public static IEnumerable<object[]> MimeKitFiles() =>
        Root is null
            ? [["(corpus not present)"]]
            : Directory.GetFiles(MimeKit).Select(Path.GetFileName).Where(n => n != "LICENSE.MimeKit").Order().Select(n => new object[] { n! });

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpus", "email");
            if (Directory.Exists(Path.Combine(candidate, "mimekit")))
            {
                return candidate;
            }
        }
        return null;
    }
}

/// <summary>A fact that is skipped, saying why, only when the corpus folder is missing.</summary>
public sealed class CorpusFactAttribute : FactAttribute
{
    public CorpusFactAttribute()
    {
        if (Corpus.Root is null)
        {
            Skip = "corpus not present";
        }
    }
}

/// <summary>A theory over corpus files, skipped only when the corpus folder is missing.</summary>
public sealed class CorpusTheoryAttribute : TheoryAttribute
{
    public CorpusTheoryAttribute()
    {
        if (Corpus.Root is null)
        {
            Skip = "corpus not present";
        }
    }
}
