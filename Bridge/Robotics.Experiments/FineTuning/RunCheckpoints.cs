using System.Globalization;
using Robotics.Policy.Model;

namespace Robotics.Experiments.FineTuning;

/// <summary>The checkpoint folders of one run: step-000100/ holds the policy (and optimizer.bin once complete).</summary>
public sealed class RunCheckpoints(string runDirectory)
{
    private const string Prefix = "step-";
    public const string OptimizerFile = "optimizer.bin";

    public string RunDirectory { get; } = runDirectory;

    public string PathFor(int step) => Path.Combine(RunDirectory, Prefix + step.ToString("D6", CultureInfo.InvariantCulture));

    /// <summary>The last checkpoint written completely (its optimizer state is written last), or null.</summary>
    public (int Step, string Path)? Latest()
    {
        if (!Directory.Exists(RunDirectory)) return null;
        return Directory.GetDirectories(RunDirectory, Prefix + "*")
            .Select(d => (Step: int.TryParse(System.IO.Path.GetFileName(d)[Prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : -1, Path: d))
            .Where(c => c.Step >= 0 && File.Exists(System.IO.Path.Combine(c.Path, OptimizerFile)))
            .OrderByDescending(c => c.Step)
            .Select(c => ((int, string)?)c)
            .FirstOrDefault();
    }
}
