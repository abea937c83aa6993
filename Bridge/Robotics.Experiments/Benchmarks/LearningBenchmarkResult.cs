namespace Robotics.Experiments.Benchmarks;

/// <summary>What <c>bench learning</c> measured.</summary>
public sealed record LearningBenchmarkResult(
    string Machine,
    int NumEnvs,
    double RolloutStepsPerSecond,
    double RolloutSimulatorShare,
    double RolloutPolicyShare,
    double SftSamplesPerSecond,
    double GrpoIterationSeconds,
    double GrpoCollectSeconds,
    double GrpoUpdateSeconds,
    int GrpoEpisodesPerIteration,
    IReadOnlyList<(int Iteration, double Success)> GrpoCurve,
    IReadOnlyList<(int Samples, double Success)> SftCurve);
