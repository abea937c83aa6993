using Robotics.Policy.Checkpoints;
using Robotics.Policy.Model;
using TorchSharp;
using Robotics.Policy.Actions;
using Robotics.Policy.Language;
using Robotics.Policy.Lora;
using static TorchSharp.torch;

namespace Robotics.Policy;

/// <summary>
/// The policy as training and evaluation use it: config, action normaliser, instruction tokenizer, OpenVLA action tokenizer
/// and the model, with observation -> tensors (<see cref="Prepare"/>), batched acting (<see cref="Act"/>), env actions -> bins
/// (<see cref="ActionsToBins"/>), LoRA, deep copies and atomic checkpoints.
/// </summary>
public sealed class VlaPolicy : IDisposable
{
    private VlaPolicy(VlaConfig config, ActionNormalizer normalizer, IInstructionTokenizer tokenizer, VlaModel model)
    {
        Config = config;
        Normalizer = normalizer;
        Tokenizer = tokenizer;
        ActionTokenizer = new ActionTokenizer(config.VocabSize);
        Model = model;
    }

    public VlaConfig Config { get; }
    public ActionNormalizer Normalizer { get; }
    public IInstructionTokenizer Tokenizer { get; }
    public ActionTokenizer ActionTokenizer { get; }
    public VlaModel Model { get; }

    /// <summary>The LoRA options applied (and not merged) to this policy, or null.</summary>
    public LoraOptions? Lora { get; private set; }

    /// <summary>A freshly initialised policy; <paramref name="seed"/> decides every initial weight.</summary>
    public static VlaPolicy Create(VlaConfig config, ActionNormalizer normalizer, IInstructionTokenizer tokenizer, long seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(normalizer);
        ArgumentNullException.ThrowIfNull(tokenizer);
        config.Validated();
        normalizer.Validated();
        if (normalizer.Dim != ActionTokenizer.ActionDim)
            throw new ArgumentException($"the normaliser has {normalizer.Dim} dimensions; OpenVLA actions have {ActionTokenizer.ActionDim}");
        if (tokenizer.VocabSize != config.VocabSize)
            throw new ArgumentException($"tokenizer has {tokenizer.VocabSize} ids but config '{config.Name}' expects VocabSize {config.VocabSize}: build the tokenizer with that size or set the config's VocabSize");
        if (tokenizer.PadId >= config.PaddedVocabSize || tokenizer.BosId >= config.PaddedVocabSize)
            throw new ArgumentException($"tokenizer's pad/BOS ids ({tokenizer.PadId}/{tokenizer.BosId}) exceed the {config.PaddedVocabSize} embedding rows: raise PaddedVocabSize");
        return new VlaPolicy(config, normalizer, tokenizer, TorchRandom.Seeded(seed, () => new VlaModel(config)));
    }

    /// <summary>Loads a checkpoint written by <see cref="Save"/>; every problem is a <see cref="CheckpointException"/> that names the file or key.</summary>
    public static VlaPolicy Load(string checkpointDir)
    {
        var parts = CheckpointStore.ReadMetadata(checkpointDir);
        var policy = Create(parts.Config, parts.Normalizer, parts.Tokenizer, seed: 0);
        try
        {
            if (parts.Lora is not null) policy.ApplyLora(parts.Lora);
            CheckpointStore.ReadWeights(checkpointDir, policy.Model);
            return policy;
        }
        catch
        {
            policy.Dispose();
            throw;
        }
    }

    /// <summary>Writes weights and metadata into a temporary directory beside <paramref name="checkpointDir"/>, then renames it into place.</summary>
    public void Save(string checkpointDir) => CheckpointStore.Write(checkpointDir, this);

    /// <summary>Observation batch -> model tensors on the model's device; checks every size against the config.</summary>
    public PolicyInputs Prepare(ObservationBatch obs) => InputPreparer.Prepare(obs, Config, Tokenizer, Model.Device);

    /// <summary>Decodes one action per row (no gradients, KV cache). Temperature scales the logits before greedy or sampled choice; log-probs are under that tempered distribution.</summary>
    public ActionStep Act(ObservationBatch obs, DecodingMode mode, float temperature = 1f, Generator? generator = null) =>
        Act(obs, mode, temperature, generator, useKvCache: true);

    public ActionStep Act(ObservationBatch obs, DecodingMode mode, float temperature, Generator? generator, bool useKvCache) =>
        Act(obs, mode, temperature, generator, useKvCache, sampledTokens: null);

    /// <summary>Sampling with only <paramref name="sampledTokens"/> drawn (the rest greedy), as RL explores translation and gripper.</summary>
    public ActionStep Act(ObservationBatch obs, DecodingMode mode, float temperature, Generator? generator, bool useKvCache, IReadOnlyList<bool>? sampledTokens)
    {
        using var scope = NewDisposeScope();
        using var inputs = Prepare(obs);
        var wasTraining = Model.training;
        Model.eval();
        try
        {
            using var generated = Model.Generate(inputs, mode, temperature, generator, useKvCache, sampledTokens);
            var bins = generated.Bins.cpu().to_type(ScalarType.Int32).data<int>().ToArray();
            var normalised = bins.Select(ActionTokenizer.DecodeHeadIndex).ToArray();
            return new ActionStep(Normalizer.Unnormalize(normalised), bins,
                generated.LogProbs.cpu().data<float>().ToArray(), generated.Probs.cpu().data<float>().ToArray());
        }
        finally
        {
            Model.train(wasTraining);
        }
    }

    /// <summary>Env actions [B, 7] -> head indices [B, 7]: normalise (q01/q99, masked; out-of-range values clip to the edge bins), then OpenVLA's tokenizer.</summary>
    public int[] ActionsToBins(float[] envActions)
    {
        ArgumentNullException.ThrowIfNull(envActions);
        if (envActions.Length % ActionTokenizer.ActionDim != 0)
            throw new ArgumentException($"expected [B, {ActionTokenizer.ActionDim}] actions, got {envActions.Length} values", nameof(envActions));
        return Normalizer.Normalize(envActions).Select(ActionTokenizer.EncodeHeadIndex).ToArray();
    }

    /// <summary>Attaches LoRA adapters to the matching linear layers and freezes every other parameter.</summary>
    public int ApplyLora(LoraOptions options)
    {
        if (Lora is not null) throw new InvalidOperationException("LoRA is already applied; merge it first");
        var count = LoraInjector.Apply(Model, options);
        Lora = options;
        return count;
    }

    /// <summary>Folds the adapters into the base weights (outputs unchanged) and makes every parameter trainable again.</summary>
    public void MergeLora()
    {
        LoraInjector.Merge(Model);
        Lora = null;
    }

    /// <summary>
    /// Leaves <paramref name="parts"/> as they are: their parameters stop requiring gradients, so an optimiser made after
    /// this (<see cref="Training.PolicyOptimizer"/> keeps only trainable parameters) never moves them. Returns how many
    /// parameter tensors were frozen.
    /// </summary>
    public int Freeze(IReadOnlyCollection<ModelPart> parts)
    {
        var frozen = 0;
        foreach (var (name, p) in Model.named_parameters())
        {
            if (!parts.Any(part => ModelParts.Holds(part, name))) continue;
            p.requires_grad = false;
            frozen++;
        }
        return frozen;
    }

    /// <summary>A deep copy (weights, LoRA, train/eval mode, trainable flags): the frozen reference for KL.</summary>
    public VlaPolicy Clone()
    {
        var copy = Create(Config, Normalizer, Tokenizer, seed: 0);
        if (Lora is not null) copy.ApplyLora(Lora);
        using (no_grad())
        {
            var source = Model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            foreach (var (name, p) in copy.Model.named_parameters())
            {
                p.copy_(source[name]);
                p.requires_grad = source[name].requires_grad;
            }
        }
        copy.Model.train(Model.training);
        return copy;
    }

    public void Dispose() => Model.Dispose();
}
