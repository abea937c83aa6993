using TorchSharp;
using TorchSharp.Modules;
using Robotics.Policy.Model;
using Robotics.Policy.Actions;
using Robotics.Policy.Lora;
using static TorchSharp.torch;

namespace Robotics.Policy.Model;

/// <summary>
/// The VLA: vision backbone -> projector -> Llama decoder over [BOS, vision tokens, prompt, action tokens] -> LM head, of
/// which only the 256 action rows are ever evaluated. Prompts are left-padded after the vision tokens; padding is masked out
/// of attention and skipped by the positions, so a sample's outputs do not depend on its batch. With
/// <see cref="ActionHeadKind.Mlp"/> the decoder and LM head are not built: an MLP over the vision tokens predicts all 7 tokens.
/// </summary>
public sealed class VlaModel : nn.Module
{
    private readonly nn.Module<Tensor, Tensor> vision_backbone;
    private readonly nn.Module<Tensor, Tensor, Tensor> projector;
    private readonly Embedding embed_tokens;
    private readonly ModuleList<DecoderBlock> layers = new();
    private readonly RmsNorm? norm;
    private readonly LoraLinear? lm_head;
    private readonly MlpActionHead? action_head;
    private readonly RotaryEmbedding _rotary;

    public VlaModel(VlaConfig config) : base("vla")
    {
        Config = config.Validated();
        if (config.Vision == VisionKind.ConvSpatialSoftmax)
        {
            vision_backbone = new ConvSpatialSoftmaxEncoder(config);
            projector = new KeypointProjector(config);
        }
        else
        {
            var backbone = new VitBackbone(config);
            vision_backbone = backbone;
            projector = new PatchProjector(config, backbone.FeatureDim);
        }
        embed_tokens = nn.Embedding(config.PaddedVocabSize, config.Width);
        if (config.ActionHead == ActionHeadKind.Mlp)
        {
            action_head = new MlpActionHead(config);
        }
        else
        {
            for (var i = 0; i < config.Layers; i++) layers.Add(new DecoderBlock(config));
            norm = new RmsNorm(config.Width, config.RmsNormEps);
            lm_head = new LoraLinear(config.Width, config.PaddedVocabSize, hasBias: false);
        }
        _rotary = new RotaryEmbedding(config.HeadDim, config.MaxSequenceLength, config.RopeTheta);
        InitialiseLikeLlama();
        RegisterComponents();
    }

    public VlaConfig Config { get; }

    /// <summary>Token id of action head index 0: the action ids are the tokenizer vocabulary's last 256.</summary>
    public int FirstActionTokenId => Config.VocabSize - ActionTokenizer.Bins;

    public Device Device => embed_tokens.weight!.device;

    /// <summary>Teacher forcing: logits (B, 7, 256) for each action token given the previous ones (<paramref name="bins"/>, long (B, 7) head indices).</summary>
    public ActionForward Forward(PolicyInputs inputs, Tensor bins)
    {
        using var scope = NewDisposeScope();
        // Parallel: each token's logits come from the observation alone, so the previous bins are not read.
        if (MlpHead(inputs) is (var parallel, var hidden0))                                                            // (B, 7, 256), (B, D)
            return new ActionForward(parallel.to_type(ScalarType.Float32).MoveToOuterDisposeScope(), hidden0.MoveToOuterDisposeScope());
        var prefix = EmbedPrefix(inputs);
        var previous = bins.to(Device).to_type(ScalarType.Int64).narrow(1, 0, ActionTokenizer.ActionDim - 1);      // (B, 6)
        var actionEmbeds = embed_tokens.forward(previous.Plus(FirstActionTokenId));                                    // (B, 6, D)
        var actionPositions = prefix.LastPosition + arange(1, ActionTokenizer.ActionDim, device: Device).unsqueeze(0);  // (B, 6)
        var x = cat([prefix.Embeds, actionEmbeds], 1);                                                             // (B, Tp + 6, D)
        var positions = cat([prefix.Positions, actionPositions], 1);
        var valid = cat([prefix.Valid, ones(previous.shape, dtype: ScalarType.Bool, device: Device)], 1);
        var hidden = Decode(x, positions, valid, cache: null);                                                     // (B, Tp + 6, D)
        var atActions = hidden.narrow(1, prefix.Length - 1, ActionTokenizer.ActionDim);                            // (B, 7, D)
        var logits = ActionLogits(atActions);                                                                      // (B, 7, 256)
        var first = atActions.select(1, 0);                                                                        // (B, D)
        return new ActionForward(logits.MoveToOuterDisposeScope(), first.MoveToOuterDisposeScope());
    }

    /// <summary>Decodes the 7 action tokens one after another (each sees the ones before), restricted to the 256 action ids. No gradients.</summary>
    public GeneratedActions Generate(PolicyInputs inputs, DecodingMode mode, float temperature = 1f, Generator? generator = null, bool useKvCache = true,
        IReadOnlyList<bool>? sampledTokens = null) =>
        ActionDecoder.Generate(this, inputs, mode, temperature, generator, useKvCache, sampledTokens);

    // Scalars in fields stay alive through the native call: TorchSharp 0.107 passes an implicit Scalar's handle without
    // keeping the Scalar alive, and a GC finalising one mid-call crashed a razor run (Scalar::toDouble check in clamp_min).
    private static readonly Scalar One = 1.ToScalar(), Zero = 0.ToScalar();

    /// <summary>The MLP head's logits (B, 7, 256) at once; null for the decoder, which decodes token by token.</summary>
    internal Tensor? ParallelActionLogits(PolicyInputs inputs) => MlpHead(inputs)?.Logits;

    /// <summary>The MLP head over the observation's vision tokens; null for the decoder.</summary>
    private (Tensor Logits, Tensor Hidden)? MlpHead(PolicyInputs inputs) =>
        action_head?.Forward(VisionTokens(inputs, EmbedPrompt(inputs)));

    private Tensor EmbedPrompt(PolicyInputs inputs) => embed_tokens.forward(inputs.PromptIds);         // (B, L, D)

    /// <summary>Image features and conditioning (proprio, and the pooled prompt when the config asks) through the projector.</summary>
    private Tensor VisionTokens(PolicyInputs inputs, Tensor prompt)
    {
        var features = vision_backbone.forward(inputs.Images);                                        // (B, N, F)
        var conditioning = inputs.Proprio;                                                            // (B, P)
        if (Config.ProjectorSeesInstruction)
        {
            var mask = inputs.PromptMask.unsqueeze(-1).to_type(prompt.dtype);                         // (B, L, 1)
            var pooled = (prompt * mask).sum(1) / mask.sum(1).clamp_min(One);                         // (B, D)
            conditioning = cat([inputs.Proprio.to_type(pooled.dtype), pooled], -1);                   // (B, P + D)
        }
        return projector.forward(features, conditioning);                                            // (B, V, D)
    }

    internal Prefix EmbedPrefix(PolicyInputs inputs)
    {
        var b = inputs.BatchSize;
        var bos = embed_tokens.forward(full(b, 1, (long)inputs.BosId, device: Device));               // (B, 1, D)
        var prompt = EmbedPrompt(inputs);                                                             // (B, L, D)
        var vision = VisionTokens(inputs, prompt);                                                    // (B, V, D)
        var embeds = cat([bos, vision.to_type(bos.dtype), prompt], 1);                                // (B, Tp, D)
        var valid = cat([ones(b, 1 + vision.shape[1], dtype: ScalarType.Bool, device: Device), inputs.PromptMask], 1);   // (B, Tp)
        if (embeds.shape[1] + ActionTokenizer.ActionDim > Config.MaxSequenceLength)
            throw new ArgumentException($"sequence of {embeds.shape[1]} prefix tokens + {ActionTokenizer.ActionDim} actions exceeds MaxSequenceLength {Config.MaxSequenceLength}: shorten the instruction or raise the limit");
        var positions = (valid.to_type(ScalarType.Int64).cumsum(1) - One).clamp_min(Zero);          // (B, Tp)
        return new Prefix(embeds, valid, positions);
    }

    /// <summary>Decoder over new tokens x (B, T, D) at positions (B, T); <paramref name="valid"/> (B, T_total) covers cached and new keys. Returns normed hidden (B, T, D).</summary>
    internal Tensor Decode(Tensor x, Tensor positions, Tensor valid, KvCache? cache)
    {
        var t = x.shape[1];
        var total = valid.shape[1];
        var causal = ones(t, total, dtype: ScalarType.Bool, device: Device).tril(total - t);           // (T, T_total)
        var mask = valid.unsqueeze(1).unsqueeze(1).logical_and(causal);                                // (B, 1, T, T_total)
        var (cos, sin) = _rotary.At(positions);                                                        // (B, 1, T, hd)
        for (var i = 0; i < layers.Count; i++) x = layers[i].Forward(x, cos, sin, mask, cache, i);    // (B, T, D)
        return RequireDecoder(norm).forward(x);
    }

    internal Tensor EmbedActions(Tensor headIndices) => embed_tokens.forward(headIndices.Plus(FirstActionTokenId));   // (B, t, D)

    /// <summary>Hidden (..., D) -> logits over the 256 action ids (..., 256), head order.</summary>
    internal Tensor ActionLogits(Tensor hidden) => RequireDecoder(lm_head).ForwardRows(hidden, FirstActionTokenId, ActionTokenizer.Bins);

    private T RequireDecoder<T>(T? part) where T : class =>
        part ?? throw new InvalidOperationException($"config '{Config.Name}' has the MLP action head: it has no decoder or LM head to run");

    internal int LayerCount => layers.Count;

    private void InitialiseLikeLlama()
    {
        // Llama's initializer_range 0.02 for embeddings and the decoder's linears; keeps the residual stream small at start.
        using var _ = no_grad();
        embed_tokens.weight!.normal_(0, 0.02);
        foreach (var (name, p) in layers.named_parameters()) if (!name.Contains("layernorm")) p.normal_(0, 0.02);
        lm_head?.Weight.normal_(0, 0.02);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _rotary.Dispose();
        base.Dispose(disposing);
    }

    internal sealed record Prefix(Tensor Embeds, Tensor Valid, Tensor Positions)
    {
        public long Length => Embeds.shape[1];
        public Tensor LastPosition => Positions.narrow(1, Length - 1, 1);   // (B, 1)
    }
}
