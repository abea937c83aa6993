namespace Robotics.Policy.Actions;

/// <summary>
/// OpenVLA's action normalisation: where <see cref="Mask"/> is set, <c>clip(2 (x - q01) / (q99 - q01 + 1e-8) - 1, -1, 1)</c>
/// and back with <c>0.5 (a + 1) (q99 - q01) + q01</c>; elsewhere (the gripper) the value passes through.
/// Values outside [q01, q99] are clipped to the edge bins: that clip is documented behaviour, not an error.
/// </summary>
public sealed record ActionNormalizer(float[] Q01, float[] Q99, bool[] Mask)
{
    public int Dim => Q01.Length;

    /// <summary>Statistics -> normaliser; the default mask normalises every dimension but the last (the gripper).</summary>
    public static ActionNormalizer FromStatistics(ActionStatistics stats, bool[]? mask = null)
    {
        mask ??= Enumerable.Range(0, stats.Q01.Length).Select(i => i < stats.Q01.Length - 1).ToArray();
        return new ActionNormalizer((float[])stats.Q01.Clone(), (float[])stats.Q99.Clone(), mask).Validated();
    }

    /// <summary>Leaves every value as it is: for tests and for actions already in [-1, 1].</summary>
    public static ActionNormalizer Identity(int dim = ActionTokenizer.ActionDim) =>
        new(Enumerable.Repeat(-1f, dim).ToArray(), Enumerable.Repeat(1f, dim).ToArray(), new bool[dim]);

    public ActionNormalizer Validated()
    {
        if (Q01 is null || Q99 is null || Mask is null) throw new ArgumentException("normaliser needs q01, q99 and mask");
        if (Q01.Length != Q99.Length || Q01.Length != Mask.Length)
            throw new ArgumentException($"normaliser arrays disagree: q01 {Q01.Length}, q99 {Q99.Length}, mask {Mask.Length} values");
        for (var d = 0; d < Dim; d++)
        {
            if (!float.IsFinite(Q01[d]) || !float.IsFinite(Q99[d])) throw new ArgumentException($"normaliser dimension {d} has a non-finite percentile");
            if (Mask[d] && Q99[d] < Q01[d]) throw new ArgumentException($"normaliser dimension {d}: q99 {Q99[d]} is below q01 {Q01[d]}");
        }
        return this;
    }

    /// <summary>Env units -> [-1, 1] in place over a row-major [N, Dim] array (copy returned).</summary>
    public float[] Normalize(float[] actions)
    {
        CheckShape(actions);
        var result = new float[actions.Length];
        for (var i = 0; i < actions.Length; i++)
        {
            var d = i % Dim;
            var x = actions[i];
            if (float.IsNaN(x)) throw new ArgumentException($"action {i / Dim}, dimension {d} is NaN", nameof(actions));
            result[i] = Mask[d] ? (float)Math.Clamp(2.0 * (x - Q01[d]) / (Q99[d] - Q01[d] + 1e-8) - 1.0, -1.0, 1.0) : x;
        }
        return result;
    }

    /// <summary>[-1, 1] -> env units over a row-major [N, Dim] array.</summary>
    public float[] Unnormalize(float[] normalised)
    {
        CheckShape(normalised);
        var result = new float[normalised.Length];
        for (var i = 0; i < normalised.Length; i++)
        {
            var d = i % Dim;
            var a = normalised[i];
            result[i] = Mask[d] ? (float)(0.5 * (a + 1.0) * (Q99[d] - Q01[d]) + Q01[d]) : a;
        }
        return result;
    }

    private void CheckShape(float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length % Dim != 0) throw new ArgumentException($"expected a row-major [N, {Dim}] array, got {values.Length} values");
    }
}
