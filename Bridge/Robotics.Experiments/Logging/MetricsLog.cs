using System.Globalization;
using System.Text.Json;
using Robotics.Policy.Training;
using TorchSharp;

namespace Robotics.Experiments.Logging;

/// <summary>Writes every metric to a JSONL file (one object per step) and to TensorBoard event files beside it.</summary>
internal sealed class MetricsLog : IDisposable
{
    private readonly StreamWriter _jsonl;
    private readonly TorchSharp.Modules.SummaryWriter _tensorboard;

    /// <param name="keepUpToStep">With <paramref name="append"/>, rows after this step (written after the checkpoint a run resumes
    /// from) are dropped, so a resumed run's log matches an uninterrupted one's.</param>
    public MetricsLog(string directory, bool append = false, int keepUpToStep = int.MaxValue)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "metrics.jsonl");
        if (append && File.Exists(path))
        {
            var kept = File.ReadLines(path).Where(l => StepOf(l) <= keepUpToStep).ToList();
            File.WriteAllLines(path, kept);
        }
        _jsonl = new StreamWriter(path, append) { AutoFlush = true };
        _tensorboard = torch.utils.tensorboard.SummaryWriter(Path.Combine(directory, "tensorboard"), createRunName: false);
    }

    public void Write(TrainingMetrics metrics, IReadOnlyDictionary<string, double>? extra = null)
    {
        var values = new Dictionary<string, double>(metrics.Values);
        if (extra is not null) foreach (var (k, v) in extra) values[k] = v;
        var record = new Dictionary<string, object> { ["step"] = metrics.Step, ["time"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture) };
        foreach (var (key, value) in values)
        {
            record[key] = double.IsFinite(value) ? value : double.NaN.ToString(CultureInfo.InvariantCulture);
            if (double.IsFinite(value)) _tensorboard.add_scalar(key, (float)value, metrics.Step);
        }
        _jsonl.WriteLine(JsonSerializer.Serialize(record));
    }

    private static int StepOf(string line)
    {
        using var json = JsonDocument.Parse(line);
        return json.RootElement.GetProperty("step").GetInt32();
    }

    // SummaryWriter writes each event through to its file and holds nothing to release.
    public void Dispose() => _jsonl.Dispose();
}
