using Robotics.Bridge.Rollouts;

namespace Robotics.Bridge.Datasets;

/// <summary>
/// How the files hold an episode's <see cref="Episode.ActorSteps"/>: a float32 row a step, the bins then their
/// log-probabilities ([T, 2 x 7], the width beside it). The layout is the one the files had before steps were typed, so
/// existing files read back and a re-written one is byte-identical; bins (0..255) are exact as floats.
/// </summary>
internal static class ActorStepRows
{
    /// <summary>Floats a step: the bins, then their log-probabilities.</summary>
    public const int Width = 2 * Episode.ActionDim;

    /// <summary>The stored width: 0 for an episode without actor steps.</summary>
    public static int WidthOf(Episode e) => e.ActorSteps is null ? 0 : Width;

    /// <summary>The row of one step, float32 [<see cref="Width"/>].</summary>
    public static float[] Row(ActorStep step)
    {
        var row = new float[Width];
        for (var k = 0; k < Episode.ActionDim; k++)
        {
            row[k] = step.Bins[k];
            row[Episode.ActionDim + k] = step.LogProbs[k];
        }
        return row;
    }

    /// <summary>All steps' rows, float32 [T*<see cref="Width"/>]; null for an episode without actor steps.</summary>
    public static float[]? Pack(Episode e) => e.ActorSteps?.SelectMany(Row).ToArray();

    /// <summary>The steps of <paramref name="rows"/> as stored with <paramref name="width"/>; null when the episode has none.</summary>
    public static IReadOnlyList<ActorStep>? Unpack(int width, float[]? rows, int steps)
    {
        if (width == 0 || rows is null) return null;
        if (width != Width)
            throw new InvalidDataException($"episode step data has {width} values a step; the only kind read is an actor's {Episode.ActionDim} bins and {Episode.ActionDim} log-probabilities ({Width})");
        if (rows.LongLength != (long)steps * Width)
            throw new InvalidDataException($"episode StepData has {rows.LongLength} values, expected [{steps},{Width}]");
        return Enumerable.Range(0, steps).Select(t => FromRow(rows.AsSpan(t * Width, Width))).ToArray();
    }

    /// <summary>One step from its row, float32 [<see cref="Width"/>].</summary>
    public static ActorStep FromRow(ReadOnlySpan<float> row)
    {
        var bins = new int[Episode.ActionDim];
        for (var k = 0; k < Episode.ActionDim; k++) bins[k] = (int)row[k];
        return new ActorStep(bins, row.Slice(Episode.ActionDim, Episode.ActionDim).ToArray());
    }
}
