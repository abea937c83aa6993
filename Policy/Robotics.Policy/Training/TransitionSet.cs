using static TorchSharp.torch;

namespace Robotics.Policy.Training;

/// <summary>
/// A fixed set of transitions that share one image size and proprio width, stored as contiguous row-major arrays (one row
/// a transition, in the order given), so a minibatch is a gather of rows by index rather than a walk over per-step objects.
/// </summary>
public sealed class TransitionSet
{
    private readonly byte[] _images;            // (N, H, W, 3)
    private readonly float[] _proprio;          // (N, P)
    private readonly string[] _instructions;    // (N)
    private readonly long[] _bins;              // (N, 7)
    private readonly float[] _oldLogProbs;      // (N, 7); rows without log-probabilities are zero and flagged below
    private readonly bool[] _hasOldLogProbs;    // (N)
    private readonly float[] _advantages;       // (N)
    private readonly float[] _returns;          // (N)
    private readonly float[] _values;           // (N)

    public TransitionSet(IReadOnlyList<Transition> items, int imageHeight, int imageWidth, int proprioDim)
    {
        var imageBytes = imageHeight * imageWidth * 3;
        var n = items.Count;
        _images = new byte[(long)n * imageBytes];
        _proprio = new float[n * proprioDim];
        _instructions = new string[n];
        _bins = new long[n * ActionBins.Tokens];
        _oldLogProbs = new float[n * ActionBins.Tokens];
        _hasOldLogProbs = new bool[n];
        _advantages = new float[n];
        _returns = new float[n];
        _values = new float[n];
        for (var i = 0; i < n; i++)
        {
            var t = items[i];
            if (t.Image.Length != imageBytes)
                throw new ArgumentException($"transition {i} has an image of {t.Image.Length} bytes, expected {imageHeight}x{imageWidth}x3 = {imageBytes}");
            if (t.Proprio.Length != proprioDim)
                throw new ArgumentException($"transition {i} has {t.Proprio.Length} proprio values, expected {proprioDim}");
            if (t.Bins.Length != ActionBins.Tokens)
                throw new ArgumentException($"transition {i} has {t.Bins.Length} action bins, expected {ActionBins.Tokens}");
            if (t.OldLogProbs is { Length: not ActionBins.Tokens } wrong)
                throw new ArgumentException($"transition {i} has {wrong.Length} log-probabilities, expected {ActionBins.Tokens}");
            t.Image.CopyTo(_images, (long)i * imageBytes);
            t.Proprio.CopyTo(_proprio, i * proprioDim);
            _instructions[i] = t.Instruction;
            for (var k = 0; k < ActionBins.Tokens; k++) _bins[i * ActionBins.Tokens + k] = t.Bins[k];
            if (t.OldLogProbs is { } logProbs)
            {
                Array.Copy(logProbs, 0, _oldLogProbs, i * ActionBins.Tokens, ActionBins.Tokens);
                _hasOldLogProbs[i] = true;
            }
            (_advantages[i], _returns[i], _values[i]) = (t.Advantage, t.Return, t.Value);
        }
        ImageHeight = imageHeight;
        ImageWidth = imageWidth;
        ProprioDim = proprioDim;
    }

    public int Count => _instructions.Length;
    public int ImageHeight { get; }
    public int ImageWidth { get; }
    public int ProprioDim { get; }

    /// <summary>The advantage of transition <paramref name="index"/>.</summary>
    public float Advantage(int index) => _advantages[index];

    public ObservationBatch Observations(IReadOnlyList<int> indices) =>
        new(indices.Count, ImageHeight, ImageWidth, Gather(_images, ImageHeight * ImageWidth * 3, indices), ProprioDim,
            Gather(_proprio, ProprioDim, indices), Gather(_instructions, 1, indices));

    /// <summary>Action bins as a long tensor (B, 7).</summary>
    public Tensor Bins(IReadOnlyList<int> indices) =>
        tensor(Gather(_bins, ActionBins.Tokens, indices), new long[] { indices.Count, ActionBins.Tokens });

    /// <summary>Log-probabilities of the taken bins under the acting policy, (B, 7).</summary>
    public Tensor OldLogProbs(IReadOnlyList<int> indices)
    {
        foreach (var i in indices)
        {
            if (!_hasOldLogProbs[i])
                throw new InvalidOperationException($"transition {i} carries no log-probabilities from the acting policy");
        }
        return tensor(Gather(_oldLogProbs, ActionBins.Tokens, indices), new long[] { indices.Count, ActionBins.Tokens });
    }

    public Tensor Advantages(IReadOnlyList<int> indices) => tensor(Gather(_advantages, 1, indices));
    public Tensor Returns(IReadOnlyList<int> indices) => tensor(Gather(_returns, 1, indices));
    public Tensor Values(IReadOnlyList<int> indices) => tensor(Gather(_values, 1, indices));

    /// <summary>Rows <paramref name="indices"/> of a (N, <paramref name="width"/>) array, in the order given.</summary>
    private static T[] Gather<T>(T[] source, int width, IReadOnlyList<int> indices)
    {
        var result = new T[(long)indices.Count * width];
        for (var i = 0; i < indices.Count; i++)
            Array.Copy(source, (long)indices[i] * width, result, (long)i * width, width);
        return result;
    }
}
