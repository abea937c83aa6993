namespace Robotics.Policy.Model;

/// <summary>Which vision encoder a config builds.</summary>
public enum VisionKind
{
    /// <summary>Conv stem -> spatial softmax keypoints: the CPU configs (learns in minutes on 2 cores).</summary>
    ConvSpatialSoftmax,

    /// <summary>One patch ViT (SigLIP-style: no class token).</summary>
    Vit,

    /// <summary>OpenVLA's DINOv2 + SigLIP pair, features concatenated per patch.</summary>
    FusedDinoSiglip,
}
