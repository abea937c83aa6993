using Robotics.Policy;
using Robotics.Policy.Language;

namespace Robotics.Policy.Tests.Language;

public class LlamaSentencePieceTokenizerTests
{
    [Fact]
    public void EncodePrompt_TinyModelTrainedBySentencePiece_MatchesPythonIdsPlusTheWordStartPiece()
    {
        using var dir = new TempDir();
        var prompt = PromptBuilder.Build("pick up the coke can");
        var output = Python.Run($$"""
            import sentencepiece as spm, io
            text = ["In: What action should the robot take to pick up the coke can?", "Out:", "open the drawer", "close the drawer",
                    "put the spoon on the towel", "stack the green cube on the yellow cube", "move the can near the apple"] * 20
            spm.SentencePieceTrainer.train(sentence_iterator=iter(text), model_prefix="{{dir["tiny"]}}", vocab_size=120, model_type="bpe",
                byte_fallback=False, bos_id=1, eos_id=2, unk_id=0, pad_id=-1, add_dummy_prefix=True, normalization_rule_name="identity")
            sp = spm.SentencePieceProcessor(model_file="{{dir["tiny.model"]}}")
            print(sp.get_piece_size())
            print(" ".join(str(i) for i in sp.encode({{System.Text.Json.JsonSerializer.Serialize(prompt)}})))
            print(sp.piece_to_id("\u2581"))
            """);
        var lines = output.Trim().Split('\n');
        var expected = lines[1].Split(' ').Select(int.Parse).ToList();
        var wordStart = int.Parse(lines[2]);

        var tokenizer = LlamaSentencePieceTokenizer.FromFile(dir["tiny.model"]);
        var ids = tokenizer.EncodePrompt(prompt);

        tokenizer.VocabSize.Should().Be(int.Parse(lines[0]));
        tokenizer.BosId.Should().Be(1);
        tokenizer.WordStartId.Should().Be(wordStart);
        ids.Should().Equal(expected.Last() == wordStart ? expected : [.. expected, wordStart]);
    }

    [Fact]
    public void FromFile_NotASentencePieceModel_ThrowsInvalidData()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["bad.model"], "not a model");

        var act = () => LlamaSentencePieceTokenizer.FromFile(dir["bad.model"]);

        act.Should().Throw<InvalidDataException>().WithMessage("*SentencePiece*");
    }
}
