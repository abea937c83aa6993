namespace Robotics.Cli.Doctor;

/// <summary>One component the toolkit looks for, and what it found.</summary>
internal sealed record SystemCheck(string Component, bool Found, string Detail, bool Required, string? InstallHint);
