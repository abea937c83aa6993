using TorchSharp;
using static TorchSharp.torch;

namespace Robotics.Policy.Training;

/// <summary>A fixed set of transitions that share one image size and proprio width, gathered into batches by index.</summary>
public sealed class TransitionSet
{
    public TransitionSet(IReadOnlyList<Transition> items, int imageHeight, int imageWidth, int proprioDim)
    {
        var imageBytes = imageHeight * imageWidth * 3;
        for (var i = 0; i < items.Count; i++)
        {
            var t = items[i];
            if (t.Image.Length != imageBytes)
                throw new ArgumentException($"transition {i} has an image of {t.Image.Length} bytes, expected {imageHeight}x{imageWidth}x3 = {imageBytes}");
            if (t.Proprio.Length != proprioDim)
                throw new ArgumentException($"transition {i} has {t.Proprio.Length} proprio values, expected {proprioDim}");
            if (t.Bins.Length != ActionBins.Tokens)
                throw new ArgumentException($"transition {i} has {t.Bins.Length} action bins, expected {ActionBins.Tokens}");
        }
        Items = items;
        ImageHeight = imageHeight;
        ImageWidth = imageWidth;
        ProprioDim = proprioDim;
    }

    public IReadOnlyList<Transition> Items { get; }
    public int Count => Items.Count;
    public int ImageHeight { get; }
    public int ImageWidth { get; }
    public int ProprioDim { get; }

    public ObservationBatch Observations(IReadOnlyList<int> indices)
    {
        var imageBytes = ImageHeight * ImageWidth * 3;
        var images = new byte[indices.Count * imageBytes];
        var proprio = new float[indices.Count * ProprioDim];
        var instructions = new string[indices.Count];
        for (var i = 0; i < indices.Count; i++)
        {
            var t = Items[indices[i]];
            Buffer.BlockCopy(t.Image, 0, images, i * imageBytes, imageBytes);
            Array.Copy(t.Proprio, 0, proprio, i * ProprioDim, ProprioDim);
            instructions[i] = t.Instruction;
        }
        return new ObservationBatch(indices.Count, ImageHeight, ImageWidth, images, ProprioDim, proprio, instructions);
    }

    /// <summary>Action bins as a long tensor (B, 7).</summary>
    public Tensor Bins(IReadOnlyList<int> indices)
    {
        var flat = new long[indices.Count * ActionBins.Tokens];
        for (var i = 0; i < indices.Count; i++)
        {
            var bins = Items[indices[i]].Bins;
            for (var k = 0; k < ActionBins.Tokens; k++) flat[i * ActionBins.Tokens + k] = bins[k];
        }
        return tensor(flat, new long[] { indices.Count, ActionBins.Tokens });
    }

    /// <summary>Log-probabilities of the taken bins under the acting policy, (B, 7).</summary>
    public Tensor OldLogProbs(IReadOnlyList<int> indices)
    {
        var flat = new float[indices.Count * ActionBins.Tokens];
        for (var i = 0; i < indices.Count; i++)
        {
            var logProbs = Items[indices[i]].OldLogProbs
                ?? throw new InvalidOperationException($"transition {indices[i]} carries no log-probabilities from the acting policy");
            Array.Copy(logProbs, 0, flat, i * ActionBins.Tokens, ActionBins.Tokens);
        }
        return tensor(flat, new long[] { indices.Count, ActionBins.Tokens });
    }

    public Tensor Advantages(IReadOnlyList<int> indices) => tensor(indices.Select(i => Items[i].Advantage).ToArray());
    public Tensor Returns(IReadOnlyList<int> indices) => tensor(indices.Select(i => Items[i].Return).ToArray());
    public Tensor Values(IReadOnlyList<int> indices) => tensor(indices.Select(i => Items[i].Value).ToArray());
}
