using Robotics.Policy;
using Robotics.Policy.Actions;
using Robotics.Policy.Language;
using Robotics.Policy.Model;

namespace Robotics.Policy.Tests;

/// <summary>Small policies and observations shared by the tests.</summary>
internal static class TestPolicies
{
    public static readonly string[] Instructions = ["pick up the coke can", "pick up the red cube", "open the drawer"];

    /// <summary>The tiny config at 32x32 with a narrow decoder, so each test runs in milliseconds.</summary>
    public static VlaConfig Micro => VlaConfig.Tiny with { Name = "micro", ImageSize = 32, ConvChannels = 8, Keypoints = 8, VisionTokens = 2, ProjectorHidden = 32, Width = 32, Heads = 4, MlpHidden = 64, Layers = 2 };

    public static VlaPolicy Create(VlaConfig? config = null, long seed = 1)
    {
        config ??= Micro;
        var tokenizer = WordTokenizer.FromInstructions(Instructions, config.VocabSize);
        return VlaPolicy.Create(config, ActionNormalizer.Identity(), tokenizer, seed);
    }

    public static ObservationBatch Observations(VlaConfig config, int batch, int seed = 0, IReadOnlyList<string>? instructions = null)
    {
        var random = new Random(seed);
        var images = new byte[batch * config.ImageSize * config.ImageSize * 3];
        random.NextBytes(images);
        var proprio = Enumerable.Range(0, batch * config.ProprioDim).Select(_ => (float)random.NextDouble()).ToArray();
        instructions ??= Enumerable.Range(0, batch).Select(i => Instructions[i % Instructions.Length]).ToList();
        return new ObservationBatch(batch, config.ImageSize, config.ImageSize, images, config.ProprioDim, proprio, instructions);
    }
}
