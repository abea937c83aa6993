namespace Robotics.Bridge.Benchmarks;

/// <summary>One row of the episode dataset benchmark: 64x64 expert episodes written and read back.</summary>
/// <param name="Lz4">Whether the episodes were LZ4-compressed.</param>
/// <param name="WriteMegabytesPerSecond">Raw (uncompressed) megabytes written per second.</param>
/// <param name="ReadMegabytesPerSecond">Raw megabytes read back per second.</param>
/// <param name="BytesPerEnvStep">File bytes per env step.</param>
/// <param name="FractionOfRaw">File size over the raw size.</param>
/// <param name="Episodes">Episodes read back (a check that the file is whole).</param>
public sealed record DatasetThroughput(bool Lz4, double WriteMegabytesPerSecond, double ReadMegabytesPerSecond, double BytesPerEnvStep,
    double FractionOfRaw, int Episodes);
