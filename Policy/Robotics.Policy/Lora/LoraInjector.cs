using static TorchSharp.torch;

namespace Robotics.Policy.Lora;

/// <summary>Attaches LoRA to a model's linear layers by name, freezes the rest, and merges adapters back.</summary>
internal static class LoraInjector
{
    /// <summary>Returns the number of adapted layers; throws when no layer matches (a misspelt target is the usual cause).</summary>
    public static int Apply(nn.Module model, LoraOptions options)
    {
        options.Validated();
        var targets = model.named_modules().Where(m => m.module is LoraLinear && options.Matches(m.name)).ToList();
        if (targets.Count == 0)
        {
            var names = model.named_modules().Where(m => m.module is LoraLinear).Select(m => m.name.Split('.')[^1]).Distinct();
            throw new ArgumentException($"no linear layer matches LoRA targets [{string.Join(", ", options.Targets)}]; linear layer names here: {string.Join(", ", names)}");
        }
        foreach (var p in model.parameters()) p.requires_grad = false;
        foreach (var (_, module) in targets) ((LoraLinear)module).AttachLora(options.Rank, options.Alpha, options.Dropout);
        return targets.Count;
    }

    public static void Merge(nn.Module model)
    {
        foreach (var (_, module) in model.named_modules()) if (module is LoraLinear linear) linear.MergeLora();
        foreach (var p in model.parameters()) p.requires_grad = true;
    }
}
