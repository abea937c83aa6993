namespace Robotics.Bridge.Datasets.ManiSkill;

/// <summary>How a ManiSkill demonstration file becomes an episode dataset.</summary>
public sealed record ManiSkillImportOptions
{
    /// <summary>The camera whose RGB becomes the episodes' images; null = the file's only camera.</summary>
    public string? Camera { get; init; }

    /// <summary>The task id the episodes carry (what <c>train --task</c> and the simulator call it); null = the file's env id.</summary>
    public string? Task { get; init; }

    /// <summary>The episodes' instruction; null = the instruction ManiSkill's env of that id gives (known ids only).</summary>
    public string? Instruction { get; init; }

    /// <summary>Area-resize images to this square size (a policy's image size); null = keep the recorded size.</summary>
    public int? ImageSize { get; init; }

    /// <summary>What the Panda's pd_ee_delta_pose controller multiplied a normalised rotation by when the demos were recorded:
    /// 0.1, or -0.1 for demos made under mani-skill 3.0.1, whose controller inverts the rotation (ManiSkill issue #1469).</summary>
    public double RotationScale { get; init; } = 0.1;

    /// <summary>Keep only the episodes that succeeded.</summary>
    public bool SuccessesOnly { get; init; }

    public void Validate()
    {
        if (ImageSize is < 8) throw new ArgumentException($"--image-size must be at least 8, got {ImageSize}");
        if (RotationScale == 0 || !double.IsFinite(RotationScale)) throw new ArgumentException($"--rotation-scale must be a non-zero number, got {RotationScale}");
        if (Task is "") throw new ArgumentException("--task must not be empty");
        if (Instruction is "") throw new ArgumentException("--instruction must not be empty");
    }
}
