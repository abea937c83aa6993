namespace Robotics.Bridge;

/// <summary>
/// What a dataset holds: episodes, steps, successes, file size and per-dimension action statistics (1st/99th
/// percentiles, which the policy's action normaliser uses, mean and std).
/// </summary>
public sealed record DatasetSummary(
    string Path, DatasetHeader Header, int Episodes, long Steps, int Successes, long SizeBytes,
    IReadOnlyDictionary<string, int> EpisodesPerTask,
    float[] ActionQ01, float[] ActionQ99, float[] ActionMean, float[] ActionStd)
{
    public double SuccessRate => Episodes == 0 ? 0 : (double)Successes / Episodes;

    /// <summary>Reads the whole file once; throws <see cref="DatasetCorruptException"/> if it is damaged.</summary>
    public static DatasetSummary Compute(string path) => throw new NotImplementedException();
}
