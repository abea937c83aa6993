using Robotics.Policy;
using Robotics.Policy.Checkpoints;
using TorchSharp;
using Robotics.Policy.Actions;
using Robotics.Policy.Language;
using Robotics.Policy.Lora;
using static TorchSharp.torch;

namespace Robotics.Policy.Tests.Checkpoints;

public class CheckpointStoreTests
{
    [Fact]
    public void SaveThenLoad_GivesTheSameActionsAndMetadata_AndLeavesNoTemporaryFiles()
    {
        using var dir = new TempDir();
        var stats = ActionStatistics.FromActions(Enumerable.Range(0, 700).Select(i => (float)Math.Sin(i)).ToArray(), 7);
        using var policy = VlaPolicy.Create(TestPolicies.Micro, ActionNormalizer.FromStatistics(stats), WordTokenizer.FromInstructions(TestPolicies.Instructions, 512), 4);
        var obs = TestPolicies.Observations(policy.Config, 3);

        policy.Save(dir["ckpt"]);
        policy.Save(dir["ckpt"]);   // overwriting is atomic too
        using var loaded = VlaPolicy.Load(dir["ckpt"]);

        loaded.Config.Should().Be(policy.Config);
        loaded.Normalizer.Q99.Should().Equal(policy.Normalizer.Q99);
        loaded.Normalizer.Mask.Should().Equal(policy.Normalizer.Mask);
        loaded.Act(obs, DecodingMode.Greedy).Should().BeEquivalentTo(policy.Act(obs, DecodingMode.Greedy));
        Directory.GetFileSystemEntries(dir.Path).Should().ContainSingle();
    }

    [Fact]
    public void SaveThenLoad_WithLora_RestoresTheAdapters()
    {
        using var dir = new TempDir();
        using var policy = TestPolicies.Create();
        policy.ApplyLora(new LoraOptions(Rank: 2, Alpha: 4));
        using (no_grad()) foreach (var (name, p) in policy.Model.named_parameters()) if (name.EndsWith("lora_b")) p.normal_(0, 0.1);
        var obs = TestPolicies.Observations(policy.Config, 2);

        policy.Save(dir["lora"]);
        using var loaded = VlaPolicy.Load(dir["lora"]);

        loaded.Lora.Should().NotBeNull();
        loaded.Act(obs, DecodingMode.Greedy).LogProbs.Should().Equal(policy.Act(obs, DecodingMode.Greedy).LogProbs, (a, b) => Math.Abs(a - b) < 1e-5);
    }

    [Fact]
    public void Load_MissingDirectoryOrFile_NamesWhatIsMissing()
    {
        using var dir = new TempDir();
        ((Action)(() => VlaPolicy.Load(dir["nothing"]))).Should().Throw<CheckpointException>().WithMessage("no checkpoint at*");
        using var policy = TestPolicies.Create();
        policy.Save(dir["ckpt"]);
        File.Delete(dir["ckpt/model.safetensors"]);

        ((Action)(() => VlaPolicy.Load(dir["ckpt"]))).Should().Throw<CheckpointException>().WithMessage("missing weights file*model.safetensors");
    }

    [Fact]
    public void Load_TruncatedWeights_ThrowsCheckpointExceptionNotANativeCrash()
    {
        using var dir = new TempDir();
        using var policy = TestPolicies.Create();
        policy.Save(dir["ckpt"]);
        var path = dir["ckpt/model.safetensors"];
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        ((Action)(() => VlaPolicy.Load(dir["ckpt"]))).Should().Throw<CheckpointException>().WithMessage("*truncated*");
        File.WriteAllBytes(path, bytes[..5]);
        ((Action)(() => VlaPolicy.Load(dir["ckpt"]))).Should().Throw<CheckpointException>().WithMessage("*truncated*");
    }

    [Fact]
    public void Load_WeightsOfAnotherConfig_NamesTheKeyWithTheWrongShape()
    {
        using var dir = new TempDir();
        using var policy = TestPolicies.Create();
        policy.Save(dir["ckpt"]);
        File.WriteAllText(dir["ckpt/config.json"], (policy.Config with { MlpHidden = 96 }).ToJson());

        ((Action)(() => VlaPolicy.Load(dir["ckpt"]))).Should().Throw<CheckpointException>().WithMessage("*'layers.0.mlp.gate_proj.weight' has shape [64, 32] but the config needs [96, 32]*");
    }

    [Fact]
    public void Load_RenamedKey_NamesTheMissingAndTheUnexpectedKey()
    {
        using var dir = new TempDir();
        using var policy = TestPolicies.Create();
        policy.Save(dir["ckpt"]);
        var path = dir["ckpt/model.safetensors"];
        var tensors = SafetensorsFile.Read(path);
        tensors["norm.scale"] = tensors["norm.weight"];
        tensors.Remove("norm.weight");
        SafetensorsFile.Write(path, tensors);

        ((Action)(() => VlaPolicy.Load(dir["ckpt"]))).Should().Throw<CheckpointException>().WithMessage("*lacks 'norm.weight'*");
    }

    [Fact]
    public void Load_CorruptConfigJson_SaysWhichFile()
    {
        using var dir = new TempDir();
        using var policy = TestPolicies.Create();
        policy.Save(dir["ckpt"]);
        File.WriteAllText(dir["ckpt/config.json"], "{ \"Width\": ");

        ((Action)(() => VlaPolicy.Load(dir["ckpt"]))).Should().Throw<CheckpointException>().WithMessage("*config.json is invalid*");
    }
}
