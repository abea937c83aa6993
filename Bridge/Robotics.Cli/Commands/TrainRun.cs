using Robotics.Experiments.FineTuning;

namespace Robotics.Cli.Commands;

/// <summary>One <c>train</c> invocation: the fine-tuning run's options, and where its base, output, simulator and demonstrations come from.</summary>
internal sealed record TrainRun
{
    public required FineTuneOptions Options { get; init; }
    /// <summary>The base checkpoint folder.</summary>
    public required string BasePath { get; init; }
    /// <summary>The run folder (checkpoints, metrics.jsonl, tensorboard/).</summary>
    public required string Output { get; init; }
    /// <summary>Continue from the last complete checkpoint in <see cref="Output"/>.</summary>
    public bool Resume { get; init; }
    /// <summary>The simulator server(s) and their token; no URL: the embedded tabletop.</summary>
    public required SimulatorConnection Sim { get; init; }
    public int NumEnvs { get; init; }
    /// <summary>SFT and KL-SFT: new-task demonstrations to collect (or, with <see cref="DemosFile"/>, to read at most).</summary>
    public int Demos { get; init; }
    public string? DemosFile { get; init; }
    /// <summary>SFT with replay: the prior tasks whose demonstrations are mixed in.</summary>
    public IReadOnlyList<string> ReplayTasks { get; init; } = [];
}
