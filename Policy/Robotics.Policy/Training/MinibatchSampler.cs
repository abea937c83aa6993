namespace Robotics.Policy.Training;

/// <summary>Seeded minibatch indices: shuffled epochs without replacement, so a run replays exactly from its seed and step.</summary>
public sealed class MinibatchSampler
{
    private readonly int _count;
    private readonly int _batchSize;
    private readonly Random _random;
    private int[] _order = [];
    private int _position;

    public MinibatchSampler(int count, int batchSize, long seed)
    {
        if (count <= 0) throw new ArgumentException("cannot sample minibatches from an empty set");
        _count = count;
        _batchSize = Math.Min(batchSize, count);
        _random = new Random(unchecked((int)seed));
    }

    public int[] Next()
    {
        var batch = new int[_batchSize];
        for (var i = 0; i < _batchSize; i++)
        {
            if (_position >= _order.Length)
            {
                _order = Enumerable.Range(0, _count).ToArray();
                _random.Shuffle(_order);
                _position = 0;
            }
            batch[i] = _order[_position++];
        }
        return batch;
    }

    /// <summary>Skips <paramref name="batches"/> draws, so a resumed run sees the batches an uninterrupted one would.</summary>
    public void Skip(int batches)
    {
        for (var i = 0; i < batches; i++) Next();
    }
}
