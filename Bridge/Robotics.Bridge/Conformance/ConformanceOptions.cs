namespace Robotics.Bridge.Conformance;

/// <summary>How the kit talks to the server under test.</summary>
public sealed record ConformanceOptions
{
    /// <summary>Bearer token sent with every call; when set, the kit also checks that calls without it are refused.</summary>
    public string? Token { get; init; }

    /// <summary>Envs per test session (at least 2, so subsets and per-env results mean something).</summary>
    public int NumEnvs { get; init; } = 2;

    /// <summary>Camera width and height the kit asks for (small, so checks are fast on CPU servers).</summary>
    public int ImageSize { get; init; } = 32;

    /// <summary>Session seed of the test sessions.</summary>
    public ulong Seed { get; init; } = 1234;

    /// <summary>Deadline of a single call.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Run only the checks whose name starts with one of these prefixes; empty = all.</summary>
    public IReadOnlyList<string> Only { get; init; } = [];
}
