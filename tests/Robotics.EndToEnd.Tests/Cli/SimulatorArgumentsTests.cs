using System.CommandLine;
using Robotics.Cli.Commands;

namespace Robotics.EndToEnd.Tests.Cli;

/// <summary><c>--sim</c> and <c>--token</c>: every command that can drive a simulator server can also authenticate to one.</summary>
public sealed class SimulatorArgumentsTests
{
    private static IEnumerable<Command> WithSubcommands(Command command) => command.Subcommands.SelectMany(WithSubcommands).Prepend(command);

    [Fact]
    public void EveryCommandWithSim_AlsoTakesAToken()
    {
        var commands = CommandRegistry.All().SelectMany(WithSubcommands).ToList();
        var withSim = commands.Where(c => c.Options.Any(o => o.Name == "--sim")).Select(c => c.Name).ToList();

        withSim.Should().Contain(["train", "evaluate", "pretrain", "razor", "diagnose", "retention-check", "demos", "render", "learning"]);
        commands.Where(c => c.Options.Any(o => o.Name == "--sim") && c.Options.All(o => o.Name != "--token")).Select(c => c.Name)
            .Should().BeEmpty("a token-protected server would refuse these commands");
    }

    [Fact]
    public void Bind_GivesTheServerAndTheFlagsToken()
    {
        var sim = new SimulatorArguments();
        var parse = new Command("train") { sim.Url, sim.Token }.Parse(["--sim", "http://10.0.0.5:50051", "--token", "s3cret"]);

        var connection = sim.Bind(parse);

        connection.Url.Should().Be("http://10.0.0.5:50051");
        connection.Token.Should().Be("s3cret");
        connection.Remote.Should().BeTrue();
    }

    [Fact]
    public void Bind_WithoutSim_IsTheEmbeddedTabletop()
    {
        var sim = new SimulatorArguments();
        var connection = sim.Bind(new Command("train") { sim.Url, sim.Token }.Parse([]));

        connection.Url.Should().BeNull();
        connection.Remote.Should().BeFalse();
    }
}
