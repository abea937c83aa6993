using Robotics.Policy;
using Robotics.Policy.Language;

namespace Robotics.Policy.Tests.Language;

public class WordTokenizerTests
{
    [Fact]
    public void EncodePrompt_UnknownWords_MapToUnkWithoutThrowing()
    {
        var tokenizer = WordTokenizer.FromInstructions(["pick up the coke can"], 512);

        var ids = tokenizer.EncodePrompt(PromptBuilder.Build("Pick up the PURPLE giraffe"));

        ids.Should().Contain(tokenizer.UnknownId);
        ids.Count(i => i == tokenizer.UnknownId).Should().Be(2);
        ids.Should().OnlyContain(i => i < 512 - 256);
    }

    [Fact]
    public void EncodePrompt_KnownInstruction_IsShortAndHasNoUnknowns()
    {
        var tokenizer = WordTokenizer.FromInstructions(["pick up the coke can", "open the drawer"], 512);

        var ids = tokenizer.EncodePrompt(PromptBuilder.Build("pick up the coke can"));

        ids.Should().NotContain(tokenizer.UnknownId);
        ids.Count.Should().BeLessThan(20);
    }

    [Fact]
    public void SaveAndLoad_RoundTripsTheVocabulary()
    {
        using var dir = new TempDir();
        var tokenizer = WordTokenizer.FromInstructions(["open the drawer"], 300);

        TokenizerStore.Save(tokenizer, dir.Path);
        var loaded = TokenizerStore.Load(dir.Path);

        loaded.Should().BeOfType<WordTokenizer>();
        loaded.VocabSize.Should().Be(300);
        loaded.EncodePrompt(PromptBuilder.Build("open the drawer")).Should().Equal(tokenizer.EncodePrompt(PromptBuilder.Build("open the drawer")));
    }

    [Fact]
    public void Constructor_TooManyWordsForTheVocabulary_SaysWhichSizeIsNeeded()
    {
        var words = Enumerable.Range(0, 300).Select(i => "w" + i).ToList();

        var act = () => new WordTokenizer(words, 512);

        act.Should().Throw<ArgumentException>().WithMessage("*raise the config's VocabSize to at least 559*");
    }

    [Fact]
    public void PromptBuilder_LowerCasesTheInstructionInOpenVlasTemplate()
    {
        PromptBuilder.Build("Pick up the Coke can.").Should().Be("In: What action should the robot take to pick up the coke can?\nOut:");
    }
}
