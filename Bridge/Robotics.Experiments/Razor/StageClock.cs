using System.Diagnostics;

namespace Robotics.Experiments.Razor;

/// <summary>Wall time summed per named stage, in the order stages first ran, so results.json can say where the time went.</summary>
internal sealed class StageClock
{
    private readonly List<string> _order = [];
    private readonly Dictionary<string, TimeSpan> _spent = [];

    public async Task<T> TimeAsync<T>(string stage, Func<Task<T>> work)
    {
        var clock = Stopwatch.StartNew();
        try { return await work(); }
        finally { Add(stage, clock.Elapsed); }
    }

    public T Time<T>(string stage, Func<T> work)
    {
        var clock = Stopwatch.StartNew();
        try { return work(); }
        finally { Add(stage, clock.Elapsed); }
    }

    // The sweep's workers add to it at once.
    public void Add(string stage, TimeSpan elapsed)
    {
        lock (_spent)
        {
            if (!_spent.ContainsKey(stage)) { _order.Add(stage); _spent[stage] = TimeSpan.Zero; }
            _spent[stage] += elapsed;
        }
    }

    public IReadOnlyList<StageTime> Stages()
    {
        lock (_spent) return _order.Select(s => new StageTime(s, _spent[s].TotalSeconds)).ToList();
    }
}
