using System.Text.Json.Nodes;

namespace Robotics.Bridge.Datasets.LeRobot;

/// <summary>
/// Per-dimension min, max, mean, std and count of one feature over an episode, as LeRobot v2.1's
/// meta/episodes_stats.jsonl holds them (images: per channel over every pixel, scaled to [0, 1], shaped [3, 1, 1];
/// count is the number of frames).
/// </summary>
internal sealed class FeatureStats(int dim)
{
    private readonly double[] _min = Enumerable.Repeat(double.PositiveInfinity, dim).ToArray();
    private readonly double[] _max = Enumerable.Repeat(double.NegativeInfinity, dim).ToArray();
    private readonly double[] _sum = new double[dim];
    private readonly double[] _sumSquares = new double[dim];
    private readonly long[] _values = new long[dim];
    private long _frames;

    public void Add(ReadOnlySpan<float> row)
    {
        for (var d = 0; d < dim; d++) Add(d, row[d]);
        _frames++;
    }

    public void Add(double value)
    {
        Add(0, value);
        _frames++;
    }

    /// <summary>Adds every pixel of an RGB frame to the three channel statistics.</summary>
    public void AddImage(ReadOnlySpan<byte> rgb)
    {
        for (var p = 0; p < rgb.Length; p++) Add(p % 3, rgb[p] / 255.0);
        _frames++;
    }

    private void Add(int d, double v)
    {
        _min[d] = Math.Min(_min[d], v);
        _max[d] = Math.Max(_max[d], v);
        _sum[d] += v;
        _sumSquares[d] += v * v;
        _values[d]++;
    }

    public JsonObject ToJson(bool image = false)
    {
        var mean = _sum.Select((s, d) => s / Math.Max(1, _values[d])).ToArray();
        var std = _sumSquares.Select((s, d) => Math.Sqrt(Math.Max(0, s / Math.Max(1, _values[d]) - mean[d] * mean[d]))).ToArray();
        return new JsonObject
        {
            ["min"] = Shape(_min, image), ["max"] = Shape(_max, image), ["mean"] = Shape(mean, image), ["std"] = Shape(std, image),
            ["count"] = new JsonArray(_frames),
        };
    }

    private static JsonArray Shape(double[] v, bool image) => image
        ? new JsonArray(v.Select(x => (JsonNode)new JsonArray(new JsonArray(x))).ToArray())
        : new JsonArray(v.Select(x => (JsonNode)x).ToArray());
}
