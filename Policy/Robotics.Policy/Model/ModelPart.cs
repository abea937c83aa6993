namespace Robotics.Policy.Model;

/// <summary>
/// A part of the <see cref="VlaModel"/> a fine-tuning run can leave as the base's (its parameters frozen): the vision
/// backbone, the projector of its features into prefix tokens, the token embeddings, the decoder (its blocks and final
/// norm) and the LM head whose 256 action rows are the action bins (the MLP action head, in configs that have one).
/// </summary>
public enum ModelPart
{
    Vision,
    Projector,
    Embeddings,
    Decoder,
    Head,
}

/// <summary>Which parameters each <see cref="ModelPart"/> holds, by their names in the checkpoint.</summary>
public static class ModelParts
{
    /// <summary>The names each part's parameters start with (a LoRA adapter's start with its layer's name, so it belongs to that part).</summary>
    public static IReadOnlyList<string> Prefixes(ModelPart part) => part switch
    {
        ModelPart.Vision => ["vision_backbone."],
        ModelPart.Projector => ["projector."],
        ModelPart.Embeddings => ["embed_tokens."],
        ModelPart.Decoder => ["layers.", "norm."],
        ModelPart.Head => ["lm_head.", "action_head."],
        _ => throw new ArgumentOutOfRangeException(nameof(part), part, null),
    };

    /// <summary>Whether the parameter named <paramref name="name"/> belongs to <paramref name="part"/>.</summary>
    public static bool Holds(ModelPart part, string name) => Prefixes(part).Any(p => name.StartsWith(p, StringComparison.Ordinal));

    /// <summary>The parts as the command line and run names spell them, lower case.</summary>
    public static string Name(ModelPart part) => part.ToString().ToLowerInvariant();

    /// <summary>Parses a comma-separated list of part names (empty: none); an unknown name is an error listing the known ones.</summary>
    public static IReadOnlyList<ModelPart> Parse(string list)
    {
        var parts = new List<ModelPart>();
        foreach (var item in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var part = Enum.GetValues<ModelPart>().Cast<ModelPart?>().FirstOrDefault(p => Name(p!.Value) == item.ToLowerInvariant())
                ?? throw new ArgumentException($"unknown model part '{item}': use {string.Join(", ", Enum.GetValues<ModelPart>().Select(Name))}");
            if (!parts.Contains(part)) parts.Add(part);
        }
        return parts;
    }
}
