using System.Text.Json;
using System.Text.RegularExpressions;
using Robotics.Policy.Actions;

namespace Robotics.Policy.Language;

/// <summary>
/// A word-level vocabulary for the CPU configs, built from the task suite's instructions and the prompt template, so a prompt
/// costs a dozen or so tokens rather than dozens of sub-word pieces. Lower-cases; words and single punctuation marks are
/// tokens; an unknown word becomes &lt;unk&gt;. Ids: 0 &lt;pad&gt;, 1 &lt;s&gt;, 2 &lt;unk&gt;, then words; the 256 action ids follow the
/// word slots at the end of <see cref="VocabSize"/>.
/// </summary>
public sealed partial class WordTokenizer : IInstructionTokenizer
{
    public const string FileName = "word_vocab.json";
    private static readonly string[] Specials = ["<pad>", "<s>", "<unk>"];
    private readonly Dictionary<string, int> _ids;

    public WordTokenizer(IReadOnlyList<string> words, int vocabSize)
    {
        ArgumentNullException.ThrowIfNull(words);
        var distinct = Specials.Concat(words.Where(w => !Specials.Contains(w))).Distinct().ToList();
        if (distinct.Count + ActionTokenizer.Bins > vocabSize)
            throw new ArgumentException($"{distinct.Count} words plus {ActionTokenizer.Bins} action ids do not fit a vocabulary of {vocabSize}: raise the config's VocabSize to at least {distinct.Count + ActionTokenizer.Bins}");
        Words = distinct;
        VocabSize = vocabSize;
        _ids = distinct.Select((w, i) => (w, i)).ToDictionary(p => p.w, p => p.i);
    }

    /// <summary>A vocabulary of every word in the OpenVLA prompt around each of <paramref name="instructions"/>.</summary>
    public static WordTokenizer FromInstructions(IEnumerable<string> instructions, int vocabSize)
    {
        var words = instructions.Append("").SelectMany(i => Split(PromptBuilder.Build(i))).Distinct().OrderBy(w => w, StringComparer.Ordinal).ToList();
        return new WordTokenizer(words, vocabSize);
    }

    public string Kind => "word";
    public int VocabSize { get; }
    public int BosId => 1;
    public int PadId => 0;
    public int UnknownId => 2;
    public IReadOnlyList<string> Words { get; }

    public IReadOnlyList<int> EncodePrompt(string prompt) =>
        Split(prompt ?? throw new ArgumentNullException(nameof(prompt))).Select(w => _ids.GetValueOrDefault(w, UnknownId)).ToList();

    public void Save(string directory) =>
        File.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(new Stored(VocabSize, Words.Skip(Specials.Length).ToList())));

    public static WordTokenizer Load(string directory)
    {
        var stored = JsonSerializer.Deserialize<Stored>(File.ReadAllText(Path.Combine(directory, FileName)))
                     ?? throw new InvalidDataException($"{FileName} is empty");
        return new WordTokenizer(stored.Words, stored.VocabSize);
    }

    internal static IEnumerable<string> Split(string text) => WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value);

    [GeneratedRegex(@"[a-z0-9]+|[^\sa-z0-9]")]
    private static partial Regex WordPattern();

    private sealed record Stored(int VocabSize, List<string> Words);
}
