using System.Text.Json;
using System.Text.Json.Serialization;

namespace Robotics.Policy.Model;

/// <summary>
/// Every size of the model. Presets: <see cref="Tiny"/> (CPU, learns in minutes), <see cref="Small"/>, <see cref="OpenVla7B"/>
/// (the real dimensions). Vision features -> projector -> a few prefix tokens after BOS, then the prompt, then the 7 action tokens.
/// </summary>
public sealed record VlaConfig
{
    public string Name { get; init; } = "custom";
    public int ImageSize { get; init; } = 64;
    public VisionKind Vision { get; init; } = VisionKind.ConvSpatialSoftmax;

    /// <summary>Conv stem: channels per layer, number of layers (the first two stride 2), keypoints (one softmax map each).</summary>
    public int ConvChannels { get; init; } = 32;
    public int ConvLayers { get; init; } = 4;
    public int Keypoints { get; init; } = 32;

    /// <summary>The ViT (DINOv2 for the fused kind) and the fused second ViT (SigLIP).</summary>
    public VitConfig? Vit { get; init; }
    public VitConfig? FusedVit { get; init; }

    /// <summary>Proprio values per observation (0: none; the tabletop sends 7).</summary>
    public int ProprioDim { get; init; } = 7;

    /// <summary>
    /// Proprio ends with the simulator's object poses (privileged state, opened with the env's object-pose option), so
    /// whoever opens an env for this policy must ask for them.
    /// </summary>
    public bool ObjectPoses { get; init; }

    /// <summary>
    /// Per-dimension mean and std that standardise proprio before the projector (computed from the training data, kept with
    /// the checkpoint like OpenVLA's norm_stats). Raw proprio mixes metres of position with a finger opening of a few cm,
    /// whose small changes decide when to lift; null = proprio is used as it is.
    /// </summary>
    public float[]? ProprioMean { get; init; }
    public float[]? ProprioStd { get; init; }

    /// <summary>Prefix tokens the keypoint projector makes (conv kind); ViT kinds make one per patch.</summary>
    public int VisionTokens { get; init; } = 4;

    /// <summary>Conv kind: each vision token sees only its own Keypoints/VisionTokens keypoints (see <see cref="Model.KeypointProjector"/>).</summary>
    public bool GroupKeypoints { get; init; }

    /// <summary>
    /// Conv kind: the projector also sees the mean embedding of the prompt's words, as the behaviour-cloning probe's MLP saw a
    /// task embedding, so keypoints can be selected by the instruction before the decoder. A deviation from OpenVLA (whose
    /// projector sees only the image), kept for the CPU configs because binding instruction to object through the small
    /// decoder alone was slow to learn (Policy README).
    /// </summary>
    public bool ProjectorSeesInstruction { get; init; }
    public int ProjectorHidden { get; init; } = 256;

    /// <summary>How the action tokens are predicted: OpenVLA's decoder (the default) or the MLP baseline (then Layers is 0).</summary>
    public ActionHeadKind ActionHead { get; init; } = ActionHeadKind.Decoder;

    public int Width { get; init; } = 128;
    public int Layers { get; init; } = 2;
    public int Heads { get; init; } = 4;
    public int MlpHidden { get; init; } = 384;
    public double RmsNormEps { get; init; } = 1e-5;
    public double RopeTheta { get; init; } = 10000;

    /// <summary>The tokenizer's vocabulary; its last 256 ids are the actions.</summary>
    public int VocabSize { get; init; } = 512;

    /// <summary>Rows of the embedding and LM head (OpenVLA pads 32001 to 32064); at least <see cref="VocabSize"/> + 1 for the pad id.</summary>
    public int PaddedVocabSize { get; init; } = 512;
    public int MaxSequenceLength { get; init; } = 256;

    [JsonIgnore] public int HeadDim => Width / Math.Max(1, Heads);

    public static VlaConfig Tiny => new() { Name = "tiny", ProjectorSeesInstruction = true };

    /// <summary>The tiny config with DESIGN.md's MLP head in place of the decoder and LM head (the baseline it asked for).</summary>
    public static VlaConfig TinyMlp => Tiny with { Name = "tiny-mlp", ActionHead = ActionHeadKind.Mlp, Layers = 0 };

    public static VlaConfig Small => new()
    {
        Name = "small", ProjectorSeesInstruction = true, ConvChannels = 64, Keypoints = 64, VisionTokens = 8, ProjectorHidden = 512,
        Width = 256, Layers = 4, Heads = 8, MlpHidden = 768,
    };

    public static VlaConfig OpenVla7B => new()
    {
        Name = "openvla-7b", ImageSize = 224, Vision = VisionKind.FusedDinoSiglip,
        Vit = VitConfig.Dinov2Large, FusedVit = VitConfig.SiglipSo400m, ProprioDim = 0, ProjectorHidden = 8704,
        Width = 4096, Layers = 32, Heads = 32, MlpHidden = 11008, RmsNormEps = 1e-6,
        VocabSize = 32000, PaddedVocabSize = 32064, MaxSequenceLength = 2048,
    };

    public static VlaConfig Preset(string name) => name switch
    {
        "tiny" => Tiny,
        "tiny-mlp" => TinyMlp,
        "small" => Small,
        "openvla-7b" => OpenVla7B,
        _ => throw new ArgumentException($"unknown config '{name}': expected tiny, tiny-mlp, small or openvla-7b", nameof(name)),
    };

    /// <summary>Every problem with this config, each saying what to change; empty when it is usable.</summary>
    public IReadOnlyList<string> Problems() => VlaConfigValidator.Problems(this).ToList();

    public VlaConfig Validated()
    {
        var problems = Problems();
        return problems.Count == 0 ? this : throw new ArgumentException($"config '{Name}' is invalid: " + string.Join("; ", problems));
    }

    /// <summary>Parameters the model allocates, computed from the sizes alone.</summary>
    public long ParameterCount() => Model.ParameterCounter.Count(this);

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static VlaConfig FromJson(string json)
    {
        VlaConfig? config;
        try { config = JsonSerializer.Deserialize<VlaConfig>(json, JsonOptions); }
        catch (JsonException e) { throw new InvalidDataException($"config JSON is malformed: {e.Message}", e); }
        return (config ?? throw new InvalidDataException("config JSON is empty")).Validated();
    }

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };
}
