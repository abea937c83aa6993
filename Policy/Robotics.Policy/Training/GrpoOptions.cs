namespace Robotics.Policy.Training;

/// <summary>GRPO / REINFORCE with a group-normalised binary success reward, as the paper's robotics experiment.</summary>
public sealed record GrpoOptions
{
    /// <summary>Distinct initial states (seeds) per iteration.</summary>
    public int GroupsPerIteration { get; init; } = 8;
    /// <summary>Rollouts from each initial state (the group).</summary>
    public int GroupSize { get; init; } = 8;
    public int Iterations { get; init; } = 40;
    /// <summary>Passes over each iteration's batch; more than one makes the ratio clipping matter.</summary>
    public int Epochs { get; init; } = 2;
    /// <summary>Steps per optimiser step. Small minibatches at a low learning rate learned on the tabletop where 256 at 1e-4 did not.</summary>
    public int MinibatchSize { get; init; } = 64;
    public double ClipCoef { get; init; } = 0.2;
    /// <summary>Upper clip of the ratio (1 + ClipHigh); null = ClipCoef. DAPO and SimpleVLA-RL widen it to 0.28.</summary>
    public double? ClipHigh { get; init; }
    /// <summary>Which of the 7 action tokens the acting policy samples (the rest greedy, and out of the loss); null = all.</summary>
    public IReadOnlyList<bool>? SampledTokens { get; init; }
    /// <summary>Weight of a KL(pi || pi_0) penalty (k3 estimator); 0 by default, as the paper.</summary>
    public double KlCoef { get; init; }
    /// <summary>Sampling temperature of the acting policy; log-probabilities are taken at the same temperature.</summary>
    public float Temperature { get; init; } = 1f;
    public OptimizerOptions Optimizer { get; init; } = new() { LearningRate = 6e-5, WarmupUpdates = 0 };
    public long Seed { get; init; }

    public int EpisodesPerIteration => GroupsPerIteration * GroupSize;

    public void Validate()
    {
        if (GroupSize < 2) throw new ArgumentException($"GroupSize must be at least 2 to normalise within a group, got {GroupSize}");
        if (GroupsPerIteration < 1 || Iterations < 0 || Epochs < 1 || MinibatchSize < 1)
            throw new ArgumentException("GroupsPerIteration, Epochs and MinibatchSize must be positive and Iterations >= 0");
        if (Temperature <= 0) throw new ArgumentException($"Temperature must be positive, got {Temperature}");
        if (ClipHigh is { } h && !(h > 0)) throw new ArgumentException($"ClipHigh must be positive, got {h}");
        if (SampledTokens is { } m && (m.Count != ActionBins.Tokens || !m.Any(x => x)))
            throw new ArgumentException($"SampledTokens needs {ActionBins.Tokens} flags with at least one sampled token");
    }
}
