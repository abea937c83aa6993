using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Robotics.Policy.Training;

/// <summary>One optimiser over a set of parameters, stepping its own schedule; its state saves and loads so a run resumes exactly.</summary>
public sealed class PolicyOptimizer : IDisposable
{
    private readonly AdamW _adam;
    private readonly IReadOnlyList<Parameter> _parameters;

    public PolicyOptimizer(IEnumerable<Parameter> parameters, OptimizerOptions options)
    {
        _parameters = parameters.Where(p => p.requires_grad).ToList();
        if (_parameters.Count == 0) throw new ArgumentException("no trainable parameters: is the model frozen?");
        Options = options;
        _adam = optim.AdamW(_parameters, options.LearningRate, weight_decay: options.WeightDecay);
    }

    public OptimizerOptions Options { get; }
    public int Updates { get; private set; }

    /// <summary>Where on the schedule the next steps are; by default the number of updates, RL methods set it per iteration.</summary>
    private int? _schedulePosition;

    public void ScheduleAt(int position) => _schedulePosition = position;

    /// <summary>Backpropagates <paramref name="loss"/>, clips, steps; returns the gradient norm before clipping.</summary>
    public double Step(Tensor loss)
    {
        var lr = Options.LearningRateAt(_schedulePosition ?? Updates);
        foreach (var group in _adam.ParamGroups) group.LearningRate = lr;
        _adam.zero_grad();
        loss.backward();
        var norm = nn.utils.clip_grad_norm_(_parameters, Options.MaxGradNorm);
        _adam.step();
        Updates++;
        return norm;
    }

    public double CurrentLearningRate => Options.LearningRateAt(_schedulePosition ?? Updates);

    /// <summary>
    /// Writes the update count, then the optimiser state to a temporary file renamed into place, so a process killed at
    /// any moment leaves either no <paramref name="path"/> or a complete one with its count beside it (a run's checkpoint
    /// counts as complete once this file exists; a kill between the two writes once made resume fail).
    /// </summary>
    public void Save(string path)
    {
        File.WriteAllText(path + ".step", Updates.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var temp = path + ".tmp";
        _adam.save_state_dict(temp);
        File.Move(temp, path, overwrite: true);
    }

    public void Load(string path)
    {
        _adam.load_state_dict(path);
        Updates = int.Parse(File.ReadAllText(path + ".step"), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose() => _adam.Dispose();
}
