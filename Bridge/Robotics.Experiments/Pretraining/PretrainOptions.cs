using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Robotics.Experiments.Pretraining;

/// <summary>How the multi-task base policy is made: behaviour cloning of scripted-expert demonstrations.</summary>
public sealed record PretrainOptions
{
    /// <summary>Tasks the base should master (the held-out tasks the razor measures retention on).</summary>
    public IReadOnlyList<string> PriorTasks { get; init; } = ["open_drawer", "close_drawer", "put_on_towel"];
    /// <summary>The task fine-tuning will teach; the base sees only a few of its demos so that it succeeds sometimes, not always.</summary>
    public string NewTask { get; init; } = "pick_can";
    public int DemosPerPriorTask { get; init; } = 150;
    /// <remarks>
    /// Measured with the defaults here (greedy pick_can success on the 200 held-out seeds from 1,000,000): 20 demos 23.5%,
    /// 22 demos 53%, 24 demos 30.5%, 25 demos 67% (earlier on 100 seeds: 4 demos 0%, 12 demos 7%): steep and not monotone,
    /// since which layouts the few demos cover decides it. The distractor cube makes the instruction decide which object to pick.
    /// 22 gives a base in the middle of the band RL can learn from (README, "The base policy").
    /// </remarks>
    public int NewTaskDemos { get; init; } = 22;
    /// <summary>Std of the Gaussian noise on executed expert actions (the clean action is the label), so demos hold recoveries.</summary>
    public double DemoNoise { get; init; } = 0.3;
    public string ModelConfig { get; init; } = "tiny";
    /// <summary>
    /// Whether the policy also sees the simulator's object poses (appended to proprio): privileged state, the fallback when pixels
    /// alone do not make a competent base (README, "The base policy", has the numbers of both).
    /// </summary>
    public bool ObjectPoses { get; init; } = true;
    public int Updates { get; init; } = 3000;
    public int BatchSize { get; init; } = 64;
    /// <summary>
    /// Random-shift augmentation of the demos' images, pixels (<see cref="Robotics.Policy.Training.SftOptions.ImageShift"/>); 0
    /// leaves them as they are. Left out of the inputs hash at 0 so the committed bases, trained before it existed, still match.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public int ImageShift { get; init; }
    public double LearningRate { get; init; } = 1e-3;
    public int EvaluateEvery { get; init; } = 1250;
    public int EvaluationEpisodes { get; init; } = 20;
    /// <summary>
    /// The trained base's one score: greedy success on the retention suite's first seeds (the razor's and
    /// <c>robotics evaluate</c>'s), this many new-task episodes and <see cref="HeldOutPriorEpisodes"/> per prior task.
    /// Scoring only, so out of the inputs hash: it does not decide the weights.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int HeldOutNewTaskEpisodes { get; init; } = 200;
    [System.Text.Json.Serialization.JsonIgnore]
    public int HeldOutPriorEpisodes { get; init; } = 100;
    public int NumEnvs { get; init; } = 32;
    public int ImageSize { get; init; } = 64;
    public long Seed { get; init; } = 7;

    public IEnumerable<string> AllTasks => PriorTasks.Append(NewTask);

    /// <summary>A hash of everything that decides the base: these options and the simulator's version.</summary>
    public string InputsHash(string simulatorVersion)
    {
        var json = JsonSerializer.Serialize(this) + "|" + simulatorVersion;
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..16].ToLowerInvariant();
    }
}
