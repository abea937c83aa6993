using System.Text.Json;

namespace Robotics.Policy.Language;

/// <summary>Saves a tokenizer beside a checkpoint as <c>tokenizer.json</c> (its kind) plus the kind's own file, and loads it back.</summary>
internal static class TokenizerStore
{
    public const string FileName = "tokenizer.json";

    public static void Save(IInstructionTokenizer tokenizer, string directory)
    {
        File.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(new Header(tokenizer.Kind, tokenizer.VocabSize)));
        tokenizer.Save(directory);
    }

    public static IInstructionTokenizer Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) throw new FileNotFoundException($"checkpoint has no {FileName}", path);
        var header = JsonSerializer.Deserialize<Header>(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path} is empty");
        return header.Kind switch
        {
            "word" => WordTokenizer.Load(directory),
            "llama-sentencepiece" => LlamaSentencePieceTokenizer.FromFile(Path.Combine(directory, LlamaSentencePieceTokenizer.FileName)),
            _ => throw new InvalidDataException($"{path}: unknown tokenizer kind '{header.Kind}' (expected 'word' or 'llama-sentencepiece')"),
        };
    }

    private sealed record Header(string Kind, int VocabSize);
}
