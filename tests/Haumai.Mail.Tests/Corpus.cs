namespace Haumai.Mail.Tests;

/// <summary>
/// The shared email corpus, read in place: <c>&lt;repo&gt;/../shared/corpus/email</c>, found by walking
/// up from the test assembly's folder.
/// </summary>
public static class Corpus
{
    public static string? Root { get; } = Find();

    /// <summary>
    /// Why the corpus tests are skipped: only on a machine without ../shared/corpus (a user's fresh
    /// clone). Under CI (CI=true) the corpus is part of the workplace: its absence fails the tests
    /// (Root throws) instead of passing them by skipping.
    /// </summary>
    public static string? SkipReason =>
        Root is null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
            ? "the shared email corpus (../shared/corpus/email beside the repository) is not on this machine"
            : null;

    public static string MimeKit => Path.Combine(Root ?? throw new InvalidOperationException("The shared email corpus (../shared/corpus/email beside the repository) is missing; under CI it is required."), "mimekit");

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

/// <summary>A fact that is skipped, saying why, only when the corpus folder is missing outside CI.</summary>
public sealed class CorpusFactAttribute : FactAttribute
{
    public CorpusFactAttribute() => Skip = Corpus.SkipReason;
}

/// <summary>A theory over corpus files, skipped only when the corpus folder is missing outside CI.</summary>
public sealed class CorpusTheoryAttribute : TheoryAttribute
{
    public CorpusTheoryAttribute() => Skip = Corpus.SkipReason;
}
