using System.CommandLine;
using Robotics.Cli.Doctor;
using Spectre.Console;

namespace Robotics.Cli.Commands;

/// <summary><c>robotics doctor</c>: what this machine has for the toolkit, and how to install what it lacks.</summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var command = new Command("doctor", "Check .NET, TorchSharp/libtorch, MuJoCo, headless GL and the Python adapter; say how to install what is missing.");
        command.SetAction(_ =>
        {
            var checks = SystemChecks.RunAll();
            var table = new Table().AddColumns("component", "status", "detail");
            foreach (var check in checks)
            {
                var status = check.Found ? "[green]ok[/]" : check.Required ? "[red]missing[/]" : "[yellow]optional, missing[/]";
                table.AddRow(Markup.Escape(check.Component), status, Markup.Escape(check.Detail));
            }
            AnsiConsole.Write(table);
            var missing = checks.Where(c => !c.Found && c.Required).ToList();
            foreach (var check in checks.Where(c => !c.Found && c.InstallHint is not null))
            {
                AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(check.Component)}[/]: install with [bold]{Markup.Escape(check.InstallHint!)}[/]");
            }
            if (missing.Count > 0)
            {
                AnsiConsole.MarkupLine($"[red]{missing.Count} required component(s) missing.[/]");
                return 1;
            }
            AnsiConsole.MarkupLine("[green]Everything the embedded tabletop experiment needs is here.[/]");
            return 0;
        });
        return command;
    }
}
