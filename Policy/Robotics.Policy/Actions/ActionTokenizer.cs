namespace Robotics.Policy.Actions;

/// <summary>
/// OpenVLA's action tokenizer, exactly: 256 uniform bin edges on [-1, 1] (255 centres); a normalised value x maps to
/// token <c>vocab - digitize(clip(x))</c> (digitize in 1..256); a token decodes to the centre
/// <c>clip(vocab - token - 1, 0, 254)</c>. The model's 256-way heads use the "head index" j = token - (vocab - 256).
/// </summary>
public sealed class ActionTokenizer
{
    public const int Bins = 256;
    /// <summary>Action tokens a step, one per action dimension: Policy's one definition of the action width (it cannot see the contract's).</summary>
    public const int ActionDim = 7;
    private readonly double[] _edges = new double[Bins];
    private readonly double[] _centres = new double[Bins - 1];

    public ActionTokenizer(int vocabSize)
    {
        if (vocabSize <= Bins) throw new ArgumentOutOfRangeException(nameof(vocabSize), vocabSize, $"the vocabulary must hold more than the {Bins} action ids");
        VocabSize = vocabSize;
        // np.linspace(-1, 1, 256) in float64, the way numpy computes it (start + i * step, last pinned to stop).
        var step = 2.0 / (Bins - 1);
        for (var i = 0; i < Bins; i++) _edges[i] = -1.0 + i * step;
        _edges[Bins - 1] = 1.0;
        for (var i = 0; i < Bins - 1; i++) _centres[i] = (_edges[i] + _edges[i + 1]) / 2.0;
    }

    /// <summary>The tokenizer's vocabulary size (32000 for OpenVLA's Llama-2); the action ids are its last 256.</summary>
    public int VocabSize { get; }

    /// <summary>The token id of head index 0.</summary>
    public int FirstActionTokenId => VocabSize - Bins;

    public IReadOnlyList<double> BinCentres => _centres;

    /// <summary>np.digitize(clip(x, -1, 1), edges): 1..256. NaN is rejected, never binned silently.</summary>
    public int Digitize(float x)
    {
        if (float.IsNaN(x)) throw new ArgumentException("action value is NaN", nameof(x));
        var v = Math.Clamp((double)x, -1.0, 1.0);
        // Count of edges <= v (right=False): the first edge strictly greater than v, 1-based.
        int lo = 0, hi = Bins;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_edges[mid] <= v) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    public int EncodeToken(float normalised) => VocabSize - Digitize(normalised);

    public int EncodeHeadIndex(float normalised) => TokenToHeadIndex(EncodeToken(normalised));

    /// <summary>OpenVLA's decode: the centre of bin clip(vocab - token - 1, 0, 254); tokens outside the action range are clipped the same way.</summary>
    public float DecodeToken(int token) => (float)_centres[Math.Clamp(VocabSize - token - 1, 0, Bins - 2)];

    public float DecodeHeadIndex(int headIndex)
    {
        if ((uint)headIndex >= Bins) throw new ArgumentOutOfRangeException(nameof(headIndex), headIndex, $"head index must be in 0..{Bins - 1}");
        return DecodeToken(HeadIndexToToken(headIndex));
    }

    public int HeadIndexToToken(int headIndex) => FirstActionTokenId + headIndex;

    public int TokenToHeadIndex(int token)
    {
        var j = token - FirstActionTokenId;
        if ((uint)j >= Bins) throw new ArgumentOutOfRangeException(nameof(token), token, $"not an action token (ids {FirstActionTokenId}..{VocabSize - 1})");
        return j;
    }
}
