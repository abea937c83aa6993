using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Robotics.Experiments.Tests;

/// <summary>
/// One libtorch thread for every test in this assembly, set before the first test runs. The thread count changes
/// floating-point reductions, so a resume test whose two runs straddled a change of it diverged (sampled actions
/// differ); one thread also avoids OpenMP threads waiting on descheduled siblings while other test assemblies run.
/// </summary>
internal static class TorchThreads
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "a test assembly: the setting must precede every test, and xunit 2 has no assembly fixture")]
    internal static void UseOne() => TorchSharp.torch.set_num_threads(1);
}
