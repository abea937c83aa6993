using System.Text.Json;
using Robotics.Policy;
using Robotics.Policy.Checkpoints;
using Robotics.Policy.Tests.Model;
using TorchSharp;
using Robotics.Policy.Model;
using static TorchSharp.torch;

namespace Robotics.Policy.Tests.Checkpoints;

public class OpenVlaCheckpointLoaderTests
{
    // Key names as OpenVLA-7B's index file has them (REFERENCE.md), one of each kind.
    private static readonly string[] ReferenceKeys =
    [
        "vision_backbone.featurizer.cls_token", "vision_backbone.featurizer.reg_token", "vision_backbone.featurizer.pos_embed",
        "vision_backbone.featurizer.patch_embed.proj.weight", "vision_backbone.featurizer.blocks.0.attn.qkv.weight",
        "vision_backbone.featurizer.blocks.0.ls1.scale_factor", "vision_backbone.featurizer.blocks.0.mlp.fc2.bias",
        "vision_backbone.fused_featurizer.pos_embed", "vision_backbone.fused_featurizer.blocks.0.attn.proj.weight",
        "vision_backbone.fused_featurizer.blocks.0.norm2.weight", "projector.fc1.weight", "projector.fc3.bias",
        "language_model.model.embed_tokens.weight", "language_model.model.layers.1.self_attn.q_proj.weight",
        "language_model.model.layers.1.mlp.gate_proj.weight", "language_model.model.layers.0.input_layernorm.weight",
        "language_model.model.layers.0.post_attention_layernorm.weight", "language_model.model.norm.weight", "language_model.lm_head.weight",
    ];

    private static readonly string[] UnusedKeys =
    [
        "vision_backbone.featurizer.blocks.1.attn.qkv.weight", "vision_backbone.featurizer.norm.weight",
        "vision_backbone.fused_featurizer.blocks.1.mlp.fc1.weight", "vision_backbone.fused_featurizer.attn_pool.latent",
    ];

    [Fact]
    public void LoadWeights_ShardedHfLayoutWithIndex_LoadsEveryParameterAndSkipsTheUnusedOnes()
    {
        using var dir = new TempDir();
        var config = VlaConfigTests.MiniFused;
        manual_seed(11);
        using var source = new VlaModel(config);
        var hf = source.state_dict().ToDictionary(kv => ToHfName(kv.Key), kv => kv.Value.to(ScalarType.BFloat16));   // OpenVLA ships bf16
        hf.Keys.Should().Contain(ReferenceKeys);
        foreach (var key in UnusedKeys) hf[key] = zeros(3, dtype: ScalarType.BFloat16);
        WriteSharded(dir.Path, hf, shards: 3);

        manual_seed(12);
        using var target = new VlaModel(config);
        var report = OpenVlaCheckpointLoader.LoadWeights(dir.Path, target);

        report.Loaded.Should().Be(target.state_dict().Count);
        report.Ignored.Should().BeEquivalentTo(UnusedKeys);
        foreach (var (name, value) in target.state_dict())
            value.to(ScalarType.BFloat16).to(ScalarType.Float32).eq(hf[ToHfName(name)].to(ScalarType.Float32)).all().item<bool>().Should().BeTrue(name);
    }

    [Fact]
    public void LoadWeights_KeyOpenVlaDoesNotHave_NamesIt()
    {
        using var dir = new TempDir();
        using var model = new VlaModel(VlaConfigTests.MiniFused);
        var hf = model.state_dict().ToDictionary(kv => ToHfName(kv.Key), kv => kv.Value);
        hf["language_model.model.layers.0.self_attn.rotary_emb.inv_freq"] = zeros(4);
        hf["language_model.model.layers.0.mlp.up.weight"] = hf["language_model.model.layers.0.mlp.up_proj.weight"];
        WriteSharded(dir.Path, hf, shards: 1);

        var act = () => OpenVlaCheckpointLoader.LoadWeights(dir.Path, model);

        act.Should().Throw<CheckpointException>().WithMessage("*maps to 'layers.0.*', which config 'mini-fused' does not have");
    }

    [Fact]
    public void LoadWeights_MissingShardOrParameter_Throws()
    {
        using var dir = new TempDir();
        using var model = new VlaModel(VlaConfigTests.MiniFused);
        var hf = model.state_dict().ToDictionary(kv => ToHfName(kv.Key), kv => kv.Value);
        hf.Remove("projector.fc2.bias");
        WriteSharded(dir.Path, hf, shards: 2);

        ((Action)(() => OpenVlaCheckpointLoader.LoadWeights(dir.Path, model))).Should().Throw<CheckpointException>().WithMessage("*lacks a weight for 'projector.fc2.bias'*");
        File.Delete(Path.Combine(dir.Path, "model-00002-of-00002.safetensors"));
        ((Action)(() => OpenVlaCheckpointLoader.LoadWeights(dir.Path, model))).Should().Throw<CheckpointException>().WithMessage("missing weights file*00002*");
    }

    [Fact]
    public void ReadNormalizer_OpenVlaNormStats_TakesQ01Q99AndTheMask()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["config.json"], """
            {"norm_stats": {"bridge_orig": {"action": {"q01": [-1,-2,-3,-4,-5,-6,0], "q99": [1,2,3,4,5,6,1],
             "mask": [true,true,true,true,true,true,false], "mean": [0,0,0,0,0,0,0.5]}}}}
            """);

        var normalizer = OpenVlaCheckpointLoader.ReadNormalizer(dir["config.json"], "bridge_orig");

        normalizer.Q99.Should().Equal(1, 2, 3, 4, 5, 6, 1);
        normalizer.Mask.Should().Equal(true, true, true, true, true, true, false);
        ((Action)(() => OpenVlaCheckpointLoader.ReadNormalizer(dir["config.json"], "fractal20220817_data"))).Should().Throw<CheckpointException>().WithMessage("*it has: bridge_orig*");
    }

    /// <summary>Our name -> the name OpenVLA's checkpoint uses (REFERENCE.md): the Llama part sits under language_model.</summary>
    private static string ToHfName(string ours) =>
        ours.StartsWith("vision_backbone.") || ours.StartsWith("projector.") ? ours
        : ours == "lm_head.weight" ? "language_model.lm_head.weight"
        : "language_model.model." + ours;

    private static void WriteSharded(string directory, Dictionary<string, Tensor> tensors, int shards)
    {
        var keys = tensors.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        var map = new Dictionary<string, string>();
        for (var s = 0; s < shards; s++)
        {
            var file = $"model-{s + 1:D5}-of-{shards:D5}.safetensors";
            var part = keys.Where((_, i) => i % shards == s).ToDictionary(k => k, k => tensors[k]);
            SafetensorsFile.Write(Path.Combine(directory, file), part);
            foreach (var k in part.Keys) map[k] = file;
        }
        File.WriteAllText(Path.Combine(directory, OpenVlaCheckpointLoader.IndexFile), JsonSerializer.Serialize(new { metadata = new { total_size = 0 }, weight_map = map }));
    }
}
