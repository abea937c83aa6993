namespace Robotics.Policy.Checkpoints;

/// <summary>A checkpoint that cannot be used: missing, truncated, of another config, or with a wrong key. The message names the file or key.</summary>
internal sealed class CheckpointException : Exception
{
    public CheckpointException(string message) : base(message) { }
    public CheckpointException(string message, Exception inner) : base(message, inner) { }
}
