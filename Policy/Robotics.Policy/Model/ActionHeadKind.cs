namespace Robotics.Policy.Model;

/// <summary>How a config predicts the 7 action tokens.</summary>
public enum ActionHeadKind
{
    /// <summary>OpenVLA's: a Llama decoder over [BOS, vision tokens, prompt] decodes the tokens one after another, each
    /// through the LM head's 256 action rows.</summary>
    Decoder,

    /// <summary>
    /// DESIGN.md's behaviour-cloning baseline: an MLP over the projector's vision tokens (which carry the keypoints, proprio
    /// and the pooled instruction) predicts all 7 tokens' 256-way logits at once. No decoder, no LM head: the check that
    /// tells whether a gap from pixels is the data or the decoder.
    /// </summary>
    Mlp,
}
