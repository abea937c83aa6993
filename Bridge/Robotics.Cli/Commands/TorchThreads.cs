using System.Globalization;

namespace Robotics.Cli.Commands;

/// <summary>
/// libtorch's intra-op thread count, from ROBOTICS_TORCH_THREADS (default: every core). Measured here on 2 cores: while
/// another process held one core, 2 threads trained the tiny policy at 0.3 updates/s against 4.7 with 1 thread (OpenMP
/// threads wait on a descheduled sibling), so set it to 1 on a shared machine.
/// </summary>
internal static class TorchThreads
{
    public const string Variable = "ROBOTICS_TORCH_THREADS";

    public static void Configure()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(value)) return;
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var threads) || threads < 1)
            throw new ArgumentException($"{Variable} must be a positive whole number, got '{value}'");
        TorchSharp.torch.set_num_threads(threads);
    }

    /// <summary>
    /// Shares the cores among <paramref name="workers"/> runs that compute at once: each gets cores / workers libtorch threads
    /// (at least 1), since OpenMP threads that outnumber the cores wait on each other (above). ROBOTICS_TORCH_THREADS, when
    /// set, still decides.
    /// </summary>
    public static void ShareAmong(int workers)
    {
        if (workers <= 1 || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable))) return;
        TorchSharp.torch.set_num_threads(Math.Max(1, Environment.ProcessorCount / workers));
    }
}
