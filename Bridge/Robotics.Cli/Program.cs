using System.CommandLine;
using Robotics.Cli.Commands;

var root = new RootCommand(
    "Robotics: fine-tune vision-language-action policies in simulation and measure what they forget.");
foreach (var command in CommandRegistry.All())
{
    root.Subcommands.Add(command);
}
return await root.Parse(args).InvokeAsync();
