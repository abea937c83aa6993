using static TorchSharp.torch;

namespace Robotics.Policy.Model;

/// <summary>7 decoded action tokens: head indices (B, 7) long, their log-probs (B, 7) and the full distributions (B, 7, 256), all at the sampling temperature.</summary>
public sealed record GeneratedActions(Tensor Bins, Tensor LogProbs, Tensor Probs) : IDisposable
{
    public void Dispose()
    {
        Bins.Dispose();
        LogProbs.Dispose();
        Probs.Dispose();
    }
}
