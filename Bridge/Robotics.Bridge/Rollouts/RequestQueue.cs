namespace Robotics.Bridge.Rollouts;

/// <summary>The pending episode requests, shared by every env group of a collection; thread-safe.</summary>
internal sealed class RequestQueue
{
    private readonly IReadOnlyList<EpisodeRequest> _requests;
    private readonly LinkedList<int> _pending;
    private readonly Lock _lock = new();

    public RequestQueue(IReadOnlyList<EpisodeRequest> requests)
    {
        _requests = requests;
        _pending = new LinkedList<int>(Enumerable.Range(0, requests.Count));
    }

    public EpisodeRequest this[int index] => _requests[index];

    /// <summary>Takes the first pending request whose task <paramref name="accepts"/>; -1 if none.</summary>
    public int TryTake(Func<string, bool> accepts)
    {
        lock (_lock)
        {
            for (var node = _pending.First; node is not null; node = node.Next)
            {
                if (!accepts(_requests[node.Value].Task)) continue;
                _pending.Remove(node);
                return node.Value;
            }
            return -1;
        }
    }

    /// <summary>Puts a request back at the front (its episode was aborted and runs again from a fresh reset).</summary>
    public void Requeue(int index)
    {
        lock (_lock) _pending.AddFirst(index);
    }
}
