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
}
