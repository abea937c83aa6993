namespace Robotics.Policy.Lora;

/// <summary>
/// LoRA (Hu et al. 2021): W x + (alpha / rank) B A dropout(x) on every linear layer whose name (its path in the state dict,
/// e.g. <c>layers.3.attn.q_proj</c>) ends with one of <see cref="TargetModules"/>. RL4VLA uses rank 32 on every Llama linear layer.
/// </summary>
public sealed record LoraOptions(int Rank = 32, double Alpha = 32, double Dropout = 0.0, IReadOnlyList<string>? TargetModules = null)
{
    /// <summary>Llama's projections (attention and MLP), the default target set.</summary>
    public static readonly IReadOnlyList<string> LlamaLinears = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"];

    public IReadOnlyList<string> Targets => TargetModules ?? LlamaLinears;

    public double Scale => Alpha / Rank;

    public LoraOptions Validated()
    {
        if (Rank <= 0) throw new ArgumentOutOfRangeException(nameof(Rank), Rank, "LoRA rank must be positive");
        if (Dropout is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(Dropout), Dropout, "LoRA dropout must be in [0, 1)");
        if (Targets.Count == 0) throw new ArgumentException("LoRA needs at least one target module name");
        return this;
    }

    public bool Matches(string moduleName) => Targets.Any(t => moduleName == t || moduleName.EndsWith("." + t, StringComparison.Ordinal));
}
