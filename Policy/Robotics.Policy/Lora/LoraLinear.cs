using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Robotics.Policy.Lora;

/// <summary>
/// A linear layer (weight [out, in], optional bias) that can carry a LoRA adapter. Every linear layer of the model is one,
/// so attaching LoRA keeps the state-dict names of the base weights (<c>name.weight</c>) and adds <c>name.lora_a</c> /
/// <c>name.lora_b</c>.
/// </summary>
internal sealed class LoraLinear : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter? bias;
    private Parameter? lora_a;
    private Parameter? lora_b;
    private double _scale;
    private double _dropout;

    public LoraLinear(long inFeatures, long outFeatures, bool hasBias = true, string name = "linear") : base(name)
    {
        // PyTorch's default init: U(-1/sqrt(in), 1/sqrt(in)) for weight and bias.
        var bound = 1.0 / Math.Sqrt(inFeatures);
        weight = new Parameter(empty(outFeatures, inFeatures).uniform_(-bound, bound));
        if (hasBias) bias = new Parameter(empty(outFeatures).uniform_(-bound, bound));
        RegisterComponents();
    }

    public Parameter Weight => weight;
    public Parameter? Bias => bias;
    public bool HasAdapter => lora_a is not null;
    public long InFeatures => weight.shape[1];
    public long OutFeatures => weight.shape[0];

    /// <summary>Adds A (rank x in, Kaiming-uniform) and B (out x rank, zero), so the output is unchanged until B learns.</summary>
    public void AttachLora(int rank, double alpha, double dropout)
    {
        if (HasAdapter) throw new InvalidOperationException($"{GetName()} already has a LoRA adapter");
        var bound = 1.0 / Math.Sqrt(InFeatures);
        using (no_grad())
        {
            lora_a = new Parameter(empty(rank, InFeatures, dtype: weight.dtype, device: weight.device).uniform_(-bound, bound));
            lora_b = new Parameter(zeros(OutFeatures, rank, dtype: weight.dtype, device: weight.device));
        }
        register_parameter("lora_a", lora_a);
        register_parameter("lora_b", lora_b);
        _scale = alpha / rank;
        _dropout = dropout;
    }

    /// <summary>W += scale B A, then drops the adapter: the merged layer computes what the adapted one did.</summary>
    public void MergeLora()
    {
        if (lora_a is null || lora_b is null) return;
        using (no_grad()) weight.add_(lora_b.matmul(lora_a), alpha: _scale);   // (out, in)
        DropAdapter();
    }

    public override Tensor forward(Tensor x) => ForwardRows(x, 0, OutFeatures);

    /// <summary>Only output rows [start, start + count): the action slice of the LM head without computing the whole vocabulary.</summary>
    public Tensor ForwardRows(Tensor x, long start, long count)
    {
        var full = start == 0 && count == OutFeatures;
        var w = full ? weight : weight.narrow(0, start, count);
        var b = bias is null ? null : full ? bias : bias.narrow(0, start, count);
        var y = nn.functional.linear(x, w, b);                                           // (..., count)
        if (lora_a is null || lora_b is null) return y;
        var input = _dropout > 0 ? nn.functional.dropout(x, _dropout, training) : x;
        var loraB = full ? lora_b : lora_b.narrow(0, start, count);
        return y + nn.functional.linear(nn.functional.linear(input, lora_a), loraB) * _scale;   // (..., count)
    }

    private void DropAdapter()
    {
        // Re-registering under the same names with null removes them from parameters() and the state dict.
        lora_a?.Dispose();
        lora_b?.Dispose();
        lora_a = null;
        lora_b = null;
        _unregister("lora_a");
        _unregister("lora_b");
    }

    private void _unregister(string name) => _internal_params.Remove(name);
}
