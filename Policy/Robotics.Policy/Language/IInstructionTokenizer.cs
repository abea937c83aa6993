namespace Robotics.Policy.Language;

/// <summary>Turns an OpenVLA prompt into token ids. The model's vocabulary ends with the 256 action ids, so text ids stay below <c>VocabSize - 256</c> for the word tokenizer; Llama's SentencePiece shares them with its rarest pieces, as OpenVLA does.</summary>
public interface IInstructionTokenizer
{
    /// <summary>"word" or "llama-sentencepiece": picks the loader in a checkpoint.</summary>
    string Kind { get; }

    /// <summary>Size of the tokenizer's vocabulary including the action ids at its end (32000 for Llama-2).</summary>
    int VocabSize { get; }

    int BosId { get; }

    int PadId { get; }

    /// <summary>Ids of <paramref name="prompt"/> without BOS (the model prepends it). Never throws on unknown words.</summary>
    IReadOnlyList<int> EncodePrompt(string prompt);

    /// <summary>Writes what <see cref="TokenizerStore.Load"/> needs into <paramref name="directory"/>.</summary>
    void Save(string directory);
}
