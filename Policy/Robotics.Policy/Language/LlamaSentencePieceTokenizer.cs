using Microsoft.ML.Tokenizers;

namespace Robotics.Policy.Language;

/// <summary>
/// Llama-2's SentencePiece <c>tokenizer.model</c> through Microsoft.ML.Tokenizers, as OpenVLA uses it: the action ids are the
/// last 256 of its 32000 pieces, and the bare word-start piece ("▁", id 29871 in Llama-2) is appended to a prompt that does
/// not already end with it, to match OpenVLA's training.
/// </summary>
internal sealed class LlamaSentencePieceTokenizer : IInstructionTokenizer
{
    public const string FileName = "tokenizer.model";
    private readonly byte[] _model;
    private readonly SentencePieceTokenizer _sp;
    private readonly int? _wordStartId;

    public LlamaSentencePieceTokenizer(byte[] modelBytes)
    {
        _model = modelBytes ?? throw new ArgumentNullException(nameof(modelBytes));
        try
        {
            using var stream = new MemoryStream(_model, writable: false);
            _sp = LlamaTokenizer.Create(stream, addBeginOfSentence: false, addEndOfSentence: false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"not a readable SentencePiece model ({e.Message})", e);
        }
        VocabSize = _sp.Vocabulary.Count;
        _wordStartId = _sp.Vocabulary.TryGetValue("\u2581", out var id) ? id : null;
    }

    public static LlamaSentencePieceTokenizer FromFile(string path) =>
        File.Exists(path) ? new LlamaSentencePieceTokenizer(File.ReadAllBytes(path)) : throw new FileNotFoundException($"no SentencePiece model at {path}", path);

    public string Kind => "llama-sentencepiece";
    public int VocabSize { get; }
    public int BosId => _sp.BeginningOfSentenceId;

    /// <summary>OpenVLA's &lt;PAD&gt; is id 32000, past the 32000 pieces; for smaller models the id after the last piece.</summary>
    public int PadId => VocabSize;

    public int? WordStartId => _wordStartId;

    public IReadOnlyList<int> EncodePrompt(string prompt)
    {
        var ids = _sp.EncodeToIds(prompt ?? throw new ArgumentNullException(nameof(prompt)), addBeginningOfSentence: false, addEndOfSentence: false).ToList();
        if (_wordStartId is int ws && (ids.Count == 0 || ids[^1] != ws)) ids.Add(ws);
        return ids;
    }

    public string Decode(IEnumerable<int> ids) => _sp.Decode(ids);

    public void Save(string directory) => File.WriteAllBytes(Path.Combine(directory, FileName), _model);
}
