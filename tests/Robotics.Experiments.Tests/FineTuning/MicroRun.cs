using Robotics.Experiments.FineTuning;
using Robotics.Policy;
using Robotics.Policy.Training;
using Robotics.Bridge.Envs;
using Robotics.Policy.Actions;
using Robotics.Policy.Language;
using Robotics.Policy.Model;

namespace Robotics.Experiments.Tests.FineTuning;

/// <summary>A random micro policy, random demonstrations and 32x32 pick_can envs: fine-tune runs that take seconds.</summary>
internal static class MicroRun
{
    private static VlaConfig Config => VlaConfig.Tiny with { Name = "micro", ImageSize = 32, ConvChannels = 8, Keypoints = 8, VisionTokens = 2, ProjectorHidden = 32, Width = 32, Heads = 4, MlpHidden = 64 };

    public static VlaPolicy Base()
    {
        var tokenizer = WordTokenizer.FromInstructions(["pick up the coke can"], Config.VocabSize);
        var stats = ActionStatistics.FromActions(Enumerable.Range(0, 700).Select(i => (float)Math.Sin(i) * 0.03f).ToArray(), 7);
        return VlaPolicy.Create(Config, ActionNormalizer.FromStatistics(stats), tokenizer, seed: 5);
    }

    public static FineTuneData Demos()
    {
        var random = new Random(8);
        var items = Enumerable.Range(0, 40).Select(i =>
        {
            var image = new byte[32 * 32 * 3];
            random.NextBytes(image);
            return new Transition(image, Enumerable.Range(0, 7).Select(_ => (float)random.NextDouble()).ToArray(),
                "pick up the coke can", Enumerable.Range(0, 7).Select(_ => random.Next(256)).ToArray());
        }).ToList();
        return new FineTuneData(new TransitionSet(items, 32, 32, 7), null);
    }

    public static Task<IVectorEnv> EnvAsync() =>
        VectorEnvFactory.CreateAsync(null, new VectorEnvOptions { NumEnvs = 4, Tasks = ["pick_can"], ImageSize = 32, MaxEpisodeSteps = 6 });

    /// <summary>The monitor's forward KL per measured step, from a run's metrics.jsonl.</summary>
    public static SortedDictionary<int, double> ForwardKl(string runDirectory)
    {
        var kl = new SortedDictionary<int, double>();
        foreach (var line in File.ReadLines(Path.Combine(runDirectory, "metrics.jsonl")))
        {
            using var json = System.Text.Json.JsonDocument.Parse(line);
            if (json.RootElement.TryGetProperty("kl/forward", out var value)) kl[json.RootElement.GetProperty("step").GetInt32()] = value.GetDouble();
        }
        return kl;
    }
}
