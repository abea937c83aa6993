using Robotics.Bridge.Rollouts;

namespace Robotics.Bridge.Datasets;

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
    public static DatasetSummary Compute(string path)
    {
        var reader = new EpisodeDatasetReader(path);
        var perDim = Enumerable.Range(0, Episode.ActionDim).Select(_ => new List<float>()).ToArray();
        var perTask = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int episodes = 0, successes = 0;
        long steps = 0;
        foreach (var episode in reader)
        {
            episodes++;
            steps += episode.Steps;
            if (episode.Success) successes++;
            perTask[episode.Task] = perTask.GetValueOrDefault(episode.Task) + 1;
            for (var i = 0; i < episode.Actions.Length; i++) perDim[i % Episode.ActionDim].Add(episode.Actions[i]);
        }
        var q01 = new float[Episode.ActionDim];
        var q99 = new float[Episode.ActionDim];
        var mean = new float[Episode.ActionDim];
        var std = new float[Episode.ActionDim];
        for (var d = 0; d < Episode.ActionDim; d++)
        {
            var values = perDim[d];
            if (values.Count == 0) continue;
            values.Sort();
            q01[d] = Quantile(values, 0.01);
            q99[d] = Quantile(values, 0.99);
            var m = values.Average(v => (double)v);
            mean[d] = (float)m;
            std[d] = (float)Math.Sqrt(values.Average(v => (v - m) * (v - m)));
        }
        return new DatasetSummary(path, reader.Header, episodes, steps, successes, new FileInfo(path).Length, perTask, q01, q99, mean, std);
    }

    /// <summary>Linear interpolation between order statistics (numpy's default), as OpenVLA computes q01/q99.</summary>
    internal static float Quantile(IReadOnlyList<float> sorted, double q)
    {
        var position = q * (sorted.Count - 1);
        var lo = (int)Math.Floor(position);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        return (float)(sorted[lo] + (position - lo) * (sorted[hi] - sorted[lo]));
    }
}
