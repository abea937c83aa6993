using System.Diagnostics;
using Spectre.Console;

namespace Robotics.Experiments.Logging;

/// <summary>
/// Progress for long work: a line per tenth of the work (and at the end) with rate and ETA, which reads the same in a
/// terminal, a CI log and a redirected file. Quiet when disabled (tests).
/// </summary>
internal sealed class ConsoleProgress(string label, int total, bool enabled = true, int startAt = 0)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _lastDecile = -1;

    public TimeSpan Elapsed => _clock.Elapsed;

    public void Report(int done, string detail = "")
    {
        if (!enabled || total <= 0) return;
        var decile = (int)(10L * done / total);
        if (decile == _lastDecile && done < total) return;
        _lastDecile = decile;
        var rate = (done - startAt) / Math.Max(1e-9, _clock.Elapsed.TotalSeconds);
        var eta = rate > 0 ? TimeSpan.FromSeconds((total - done) / rate) : TimeSpan.Zero;
        AnsiConsole.MarkupLine($"[grey]{Markup.Escape(label)}[/] {done}/{total} ({100.0 * done / total:F0}%) " +
                               $"{rate:F1}/s, elapsed {_clock.Elapsed:mm\\:ss}, ETA {eta:mm\\:ss} {Markup.Escape(detail)}");
    }
}
