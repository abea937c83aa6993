using static TorchSharp.torch;

namespace Robotics.Policy.Model;

/// <summary>Teacher-forced outputs: logits over the 256 action bins at each of the 7 action positions (B, 7, 256), and the
/// hidden state (B, D) at the position that predicts the first action token (RL4VLA's value-head input).</summary>
public sealed record ActionForward(Tensor Logits, Tensor FirstActionHidden) : IDisposable
{
    public void Dispose()
    {
        Logits.Dispose();
        FirstActionHidden.Dispose();
    }
}
