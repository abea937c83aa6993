using System.CommandLine;
using Robotics.Bridge.Envs;

namespace Robotics.Cli.Commands;

/// <summary>
/// The simulator a command drives: <c>--sim</c> (none: the embedded tabletop in process) and <c>--token</c>, the same pair on
/// every command that opens envs, so a token-protected server works with all of them.
/// </summary>
internal sealed class SimulatorArguments
{
    public Option<string?> Url { get; } = new("--sim")
    {
        Description = "Simulator server URL(s), comma-separated, or dns:///host:port; default: the embedded MuJoCo tabletop in-process",
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = $"Bearer token for the simulator server (default: ${ServeSimCommand.TokenVariable})",
    };

    public SimulatorConnection Bind(ParseResult parse) =>
        new(parse.GetValue(Url), parse.GetValue(Token) ?? Environment.GetEnvironmentVariable(ServeSimCommand.TokenVariable));
}

/// <summary>Where a command's envs come from, as its flags gave it.</summary>
internal sealed record SimulatorConnection(string? Url, string? Token)
{
    public bool Remote => Url is not null;

    public Task<IVectorEnv> OpenAsync(VectorEnvOptions options, CancellationToken ct) =>
        VectorEnvFactory.CreateAsync(Url, options with { Token = Token }, ct);
}
