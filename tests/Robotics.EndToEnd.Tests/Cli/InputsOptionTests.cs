using System.CommandLine;
using Robotics.Cli.Commands;

namespace Robotics.EndToEnd.Tests.Cli;

/// <summary><c>--inputs poses|pixels</c> (pretrain, razor): which base and which observation a run uses.</summary>
public sealed class InputsOptionTests
{
    private static ParseResult Parse(params string[] args)
    {
        var inputs = ExperimentOptions.Inputs();
        return new Command("pretrain") { inputs }.Parse(args);
    }

    [Theory]
    [InlineData(new string[0], true)]
    [InlineData(new[] { "--inputs", "poses" }, true)]
    [InlineData(new[] { "--inputs", "pixels" }, false)]
    public void Inputs_DecideWhetherThePolicySeesObjectPoses(string[] args, bool objectPoses)
    {
        var parse = Parse(args);
        parse.Errors.Should().BeEmpty();
        ExperimentOptions.WithObjectPoses(parse.GetValue<string>("--inputs")!).Should().Be(objectPoses);
    }

    [Fact]
    public void Inputs_AnythingElse_IsAParseError() =>
        Parse("--inputs", "state").Errors.Should().ContainSingle().Which.Message.Should().Contain("state");

    [Theory]
    [InlineData(true, "base-tiny")]
    [InlineData(false, "base-pixels")]
    public void EachInputKind_HasItsOwnCommittedBaseFolder(bool objectPoses, string folder) =>
        RepositoryLayout.BaseFolder(objectPoses).Should().Be(Path.Combine("models", folder));

    [Fact]
    public async Task Pretrain_AnotherModelWithoutOut_IsRefusedBeforeItTouchesTheCommittedBase()
    {
        var (exitCode, _, stderr) = await CliProcess.RunAsync("pretrain", "--model", "tiny-mlp", "--inputs", "pixels");

        exitCode.Should().Be(2);
        stderr.Should().Contain("--model tiny-mlp needs --out").And.Contain(Path.Combine("models", "base-pixels"));
    }

    [Fact]
    public async Task Pretrain_AnotherImageSizeWithoutOut_IsRefusedBeforeItTouchesTheCommittedBase()
    {
        var (exitCode, _, stderr) = await CliProcess.RunAsync("pretrain", "--image-size", "96", "--inputs", "pixels");

        exitCode.Should().Be(2);
        stderr.Should().Contain("--image-size 96 needs --out").And.Contain(Path.Combine("models", "base-pixels"));
    }

    [Theory]
    [InlineData("96", true)]
    [InlineData("8", false)]
    [InlineData("1024", false)]
    public void Pretrain_ImageSize_IsBounded(string size, bool accepted)
    {
        var option = PretrainCommand.Create().Options.Single(o => o.Name == "--image-size");
        new Command("pretrain") { option }.Parse(["--image-size", size]).Errors.Should().HaveCount(accepted ? 0 : 1);
    }

    [Fact]
    public void Pretrain_ModelFlag_AcceptsTheMlpBaseline()
    {
        var model = new Command("pretrain") { PretrainModelOption() }.Parse(["--model", "tiny-mlp"]);
        model.Errors.Should().BeEmpty();
        new Command("pretrain") { PretrainModelOption() }.Parse(["--model", "huge"]).Errors.Should().ContainSingle();
    }

    /// <summary>pretrain's --model option as the command defines it.</summary>
    private static Option PretrainModelOption() => PretrainCommand.Create().Options.Single(o => o.Name == "--model");
}
