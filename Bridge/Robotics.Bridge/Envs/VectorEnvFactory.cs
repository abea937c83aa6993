using Robotics.Bridge.Faults;
using Robotics.Bridge.Remote;

namespace Robotics.Bridge.Envs;

/// <summary>Opens a vector env from a simulator address (or none: the embedded tabletop in-process).</summary>
public static class VectorEnvFactory
{
    /// <summary>
    /// <paramref name="simUrls"/>: null or empty = the MuJoCo tabletop in this process; <c>http://a:1</c> = one server;
    /// <c>http://a:1,http://b:2</c> = the envs spread over several servers (as evenly as possible, in the order given),
    /// stepped concurrently, results in env order; <c>dns:///host:port</c> = every address behind the name (a Kubernetes
    /// headless service lists one per pod), each its own endpoint as in a list. Per-call round-robin balancing would send a
    /// session's steps to pods that do not hold it, so each session stays on one pod instead. With
    /// <see cref="VectorEnvOptions.Retries"/> &gt; 0 each server connection reconnects after a failure.
    /// </summary>
    public static async Task<IVectorEnv> CreateAsync(string? simUrls, VectorEnvOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var endpoints = await ExpandDnsAsync(ParseEndpoints(simUrls), ct);
        if (endpoints.Count == 0) return InProcessVectorEnv.Create(options);
        if (endpoints.Count > options.NumEnvs)
            throw new ArgumentException($"{endpoints.Count} simulator endpoints for {options.NumEnvs} envs: give at least one env per endpoint.", nameof(simUrls));
        var sizes = MultiEndpointVectorEnv.Split(options.NumEnvs, endpoints.Count);
        var parts = new List<IVectorEnv>();
        try
        {
            var offset = 0;
            for (var k = 0; k < endpoints.Count; k++)
            {
                var part = PartOptions(options, offset, sizes[k], k);
                parts.Add(await ConnectAsync(endpoints[k], part, ct));
                offset += sizes[k];
            }
        }
        catch
        {
            foreach (var part in parts) await part.DisposeAsync();
            throw;
        }
        return parts.Count == 1 ? parts[0] : new MultiEndpointVectorEnv(parts);
    }

    /// <summary>Splits a comma-separated list; every entry must be an absolute http(s):// or dns:/// address.</summary>
    internal static IReadOnlyList<string> ParseEndpoints(string? simUrls)
    {
        if (string.IsNullOrWhiteSpace(simUrls)) return [];
        var endpoints = simUrls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var endpoint in endpoints)
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "dns"))
                throw new ArgumentException($"'{endpoint}' is not a simulator address: use http://host:port, https://host:port or dns:///host:port.", nameof(simUrls));
        }
        return endpoints;
    }

    /// <summary>Replaces each <c>dns:///host:port</c> by <c>http://address:port</c> for every address the name resolves to (IPv4 when it has any).</summary>
    internal static async Task<IReadOnlyList<string>> ExpandDnsAsync(IReadOnlyList<string> endpoints, CancellationToken ct)
    {
        var expanded = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var uri = new Uri(endpoint);
            if (uri.Scheme != "dns")
            {
                expanded.Add(endpoint);
                continue;
            }
            // dns:///host:port keeps host and port in the path.
            var target = new Uri("http://" + uri.AbsolutePath.TrimStart('/'));
            var addresses = await System.Net.Dns.GetHostAddressesAsync(target.Host, ct);
            var v4 = addresses.Where(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork).ToList();
            var chosen = (v4.Count > 0 ? v4 : addresses.ToList()).Select(a => a.ToString()).Distinct().Order(StringComparer.Ordinal).ToList();
            if (chosen.Count == 0) throw new ArgumentException($"'{endpoint}' resolves to no address");
            expanded.AddRange(chosen.Select(a => $"http://{(a.Contains(':') ? $"[{a}]" : a)}:{target.Port}"));
        }
        return expanded;
    }

    private static Task<IVectorEnv> ConnectAsync(string endpoint, VectorEnvOptions options, CancellationToken ct)
    {
        async Task<IVectorEnv> Open(CancellationToken token) => await RemoteVectorEnv.OpenAsync(endpoint, options, token);
        return options.Retries > 0
            ? ReconnectingVectorEnv.ConnectAsync(endpoint, Open, options.Retries, ct, logger: options.Logger)
            : Open(ct);
    }

    /// <summary>Envs offset..offset+count-1 of the whole; each server gets its own root seed so derived seeds differ.</summary>
    private static VectorEnvOptions PartOptions(VectorEnvOptions options, int offset, int count, int part) => options with
    {
        NumEnvs = count,
        Tasks = options.Tasks.Count == 1 ? options.Tasks : [.. options.Tasks.Skip(offset).Take(count)],
        Seed = options.Seed + (ulong)part * 0x9E3779B97F4A7C15UL,
    };
}
