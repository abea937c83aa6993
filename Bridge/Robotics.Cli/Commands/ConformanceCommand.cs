using System.CommandLine;
using Robotics.Bridge.Conformance;
using Spectre.Console;

namespace Robotics.Cli.Commands;

/// <summary><c>robotics conformance --sim URL</c>: run the simulator contract checks against a server. Exit 0 only when all pass.</summary>
internal static class ConformanceCommand
{
    // 0 every check passed, 1 a check failed, 2 the command was used wrongly.
    private const int UsageError = 2;

    public static Command Create()
    {
        var sim = new Option<string>("--sim") { Description = "Address of the server under test, e.g. http://127.0.0.1:50051", Required = true };
        var token = new Option<string?>("--token") { Description = "Bearer token to send (the kit then also checks that calls without it are refused)" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON instead of a table" };
        var numEnvs = new Option<int>("--num-envs") { Description = "Envs per test session (>= 2)", DefaultValueFactory = _ => 2 };
        var imageSize = new Option<int>("--image-size") { Description = "Camera width and height the checks ask for", DefaultValueFactory = _ => 32 };
        var only = new Option<string?>("--only") { Description = "Comma-separated check name prefixes to run (e.g. bad-input,reset.subset)" };
        var command = new Command("conformance", "Check that a simulator server speaks the robotics.sim.v1 contract: sessions, resets, shapes, determinism, bad-input statuses.")
        {
            sim, token, json, numEnvs, imageSize, only,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (!Uri.TryCreate(parse.GetValue(sim), UriKind.Absolute, out var address) || (address.Scheme != "http" && address.Scheme != "https"))
            {
                Console.Error.WriteLine($"--sim must be an http:// or https:// address, got '{parse.GetValue(sim)}'");
                return UsageError;
            }
            var options = new ConformanceOptions
            {
                Token = parse.GetValue(token),
                NumEnvs = parse.GetValue(numEnvs),
                ImageSize = parse.GetValue(imageSize),
                Only = parse.GetValue(only)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [],
            };
            if (options.NumEnvs < 2 || options.ImageSize < 8)
            {
                Console.Error.WriteLine("--num-envs must be >= 2 and --image-size >= 8");
                return UsageError;
            }
            var report = await ConformanceSuite.RunAsync(address, options, ct: ct);
            if (parse.GetValue(json)) Console.WriteLine(report.ToJson());
            else Print(report);
            return report.AllPassed ? 0 : 1;
        });
        return command;
    }

    private static void Print(ConformanceReport report)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(report.Address)}[/]: backend [bold]{Markup.Escape(report.Backend)}[/] {Markup.Escape(report.Version)}");
        var table = new Table().AddColumns("check", "area", "result", "ms", "detail");
        foreach (var r in report.Results)
        {
            var outcome = r.Outcome switch
            {
                ConformanceOutcome.Passed => "[green]pass[/]",
                ConformanceOutcome.Skipped => "[yellow]skip[/]",
                _ => "[red]FAIL[/]",
            };
            table.AddRow(Markup.Escape(r.Name), Markup.Escape(r.Area), outcome, r.Duration.TotalMilliseconds.ToString("0"), Markup.Escape(r.Detail));
        }
        AnsiConsole.Write(table);
        var colour = report.AllPassed ? "green" : "red";
        AnsiConsole.MarkupLine($"[{colour}]{report.Passed} passed, {report.Failed} failed, {report.Skipped} skipped[/]");
    }
}
