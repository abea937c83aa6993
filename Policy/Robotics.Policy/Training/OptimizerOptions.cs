namespace Robotics.Policy.Training;

/// <summary>AdamW with linear warm-up then a constant or cosine-decayed learning rate, and gradient-norm clipping.</summary>
public sealed record OptimizerOptions
{
    /// <summary>Peak learning rate.</summary>
    public double LearningRate { get; init; } = 3e-4;
    public double WeightDecay { get; init; } = 0.01;
    /// <summary>Updates over which the learning rate rises linearly from 0 (pre-norm transformers want a warm-up).</summary>
    public int WarmupUpdates { get; init; } = 20;
    /// <summary>Total updates of the run; with <see cref="Cosine"/>, the learning rate decays to 10% of the peak by then.</summary>
    public int TotalUpdates { get; init; } = 1000;
    public bool Cosine { get; init; }
    public double MaxGradNorm { get; init; } = 1.0;

    /// <summary>The one check of a learning rate, wherever one is given (a method's record, a run's options).</summary>
    public static void ValidateLearningRate(double learningRate, string name = nameof(LearningRate))
    {
        if (learningRate <= 0 || !double.IsFinite(learningRate)) throw new ArgumentException($"{name} must be a positive number, got {learningRate}");
    }

    public double LearningRateAt(int update)
    {
        if (update < WarmupUpdates) return LearningRate * (update + 1) / WarmupUpdates;
        if (!Cosine || TotalUpdates <= WarmupUpdates) return LearningRate;
        var progress = Math.Clamp((double)(update - WarmupUpdates) / (TotalUpdates - WarmupUpdates), 0, 1);
        return LearningRate * (0.1 + 0.9 * 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }
}
