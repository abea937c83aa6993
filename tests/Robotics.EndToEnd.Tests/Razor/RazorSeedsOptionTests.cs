using Robotics.Cli.Commands;

namespace Robotics.EndToEnd.Tests.Razor;

public sealed class RazorSeedsOptionTests
{
    [Fact]
    public void Seeds_CommaSeparated_AreTheRunSeeds()
    {
        RazorCommand.ParseSeeds("1, 2,3").Should().Equal(1L, 2L, 3L);
    }

    [Theory]
    [InlineData("1,two", "*'two'*")]
    [InlineData("-1", "*'-1'*")]
    public void Seeds_NotWholeNumbers_AreRefusedNamingTheValue(string list, string message)
    {
        var act = () => RazorCommand.ParseSeeds(list);
        act.Should().Throw<ArgumentException>().WithMessage(message);
    }
}
