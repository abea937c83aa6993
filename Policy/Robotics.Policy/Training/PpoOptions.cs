namespace Robotics.Policy.Training;

/// <summary>PPO as RL4VLA runs it on OpenVLA: value head on the first action token, GAE, clipped ratio and value loss.</summary>
public sealed record PpoOptions
{
    public int Iterations { get; init; } = 40;
    /// <summary>Episodes collected per iteration.</summary>
    public int EpisodesPerIteration { get; init; } = 32;
    public double Gamma { get; init; } = 0.99;
    public double GaeLambda { get; init; } = 0.95;
    public double ClipCoef { get; init; } = 0.2;
    /// <summary>Clip range of the value update around the old value; 0 turns value clipping off.</summary>
    public double ValueClipCoef { get; init; } = 0.2;
    public double ValueCoef { get; init; } = 0.5;
    public double EntropyCoef { get; init; } = 0.0;
    public int Epochs { get; init; } = 2;
    public int MinibatchSize { get; init; } = 256;
    public bool NormalizeAdvantages { get; init; } = true;
    /// <summary>Stop the epochs of an iteration early once the approximate KL to the acting policy exceeds this; 0 = never.</summary>
    public double TargetKl { get; init; } = 0.1;
    public float Temperature { get; init; } = 1f;
    /// <summary>Which of the 7 action tokens the acting policy samples (the rest greedy, and out of the policy loss); null = all.</summary>
    public IReadOnlyList<bool>? SampledTokens { get; init; }
    /// <summary>Iterations at the start that train only the value head (the policy loss is off), so the first advantages come from a critic that has seen returns (VLA-RL's critic warm-up).</summary>
    public int CriticWarmupIterations { get; init; }
    public OptimizerOptions Optimizer { get; init; } = new() { LearningRate = 1e-4, WarmupUpdates = 0, Cosine = true };
    public long Seed { get; init; }

    public void Validate()
    {
        if (Gamma is < 0 or > 1 || GaeLambda is < 0 or > 1) throw new ArgumentException("Gamma and GaeLambda must be in [0, 1]");
        if (Epochs < 1 || MinibatchSize < 1 || EpisodesPerIteration < 1) throw new ArgumentException("Epochs, MinibatchSize and EpisodesPerIteration must be positive");
        if (Temperature <= 0) throw new ArgumentException($"Temperature must be positive, got {Temperature}");
        if (CriticWarmupIterations < 0) throw new ArgumentException($"CriticWarmupIterations must be >= 0, got {CriticWarmupIterations}");
    }
}
