using System.Text.Json;
using k8s;
using k8s.Models;
using YamlDotNet.Serialization;
using Robotics.Policy.Checkpoints;

namespace Robotics.EndToEnd.Tests.Deploy;

/// <summary>
/// deploy/kubernetes parsed into the Kubernetes client's models. The models drop a field they do not know (a typo such
/// as <c>readinesProbe</c>), so every key path of the YAML must also be in the model written back out.
/// </summary>
internal sealed class DeployFiles
{
    private DeployFiles(IReadOnlyList<object> objects) => Objects = objects;

    public IReadOnlyList<object> Objects { get; }

    public static string Root => PythonAdapter.PythonAdapterServer.RepositoryRoot();

    public static async Task<DeployFiles> LoadAsync()
    {
        var objects = new List<object>();
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "deploy", "kubernetes"), "*.yaml").Order())
        {
            var loaded = await KubernetesYaml.LoadAllFromFileAsync(file, strict: true);
            var documents = File.ReadAllText(file).Split("\n---\n").Select(d => new DeserializerBuilder().Build().Deserialize<object>(d)).ToList();
            documents.Should().HaveSameCount(loaded);
            for (var i = 0; i < loaded.Count; i++)
            {
                using var model = JsonDocument.Parse(KubernetesJson.Serialize(loaded[i]));
                var known = Paths(model.RootElement, "").ToHashSet();
                Paths(documents[i], "").Should().BeSubsetOf(known, $"{Path.GetFileName(file)} names only fields of the {loaded[i].GetType().Name} model");
            }
            objects.AddRange(loaded);
        }
        return new DeployFiles(objects);
    }

    private static IEnumerable<string> Paths(object? yaml, string prefix) => yaml switch
    {
        IDictionary<object, object> map => map.SelectMany(kv => Paths(kv.Value, $"{prefix}/{kv.Key}").Prepend($"{prefix}/{kv.Key}")),
        IList<object> list => list.SelectMany(item => Paths(item, prefix + "[]")),
        _ => [],
    };

    private static IEnumerable<string> Paths(JsonElement json, string prefix) => json.ValueKind switch
    {
        JsonValueKind.Object => json.EnumerateObject().SelectMany(p => Paths(p.Value, $"{prefix}/{p.Name}").Prepend($"{prefix}/{p.Name}")),
        JsonValueKind.Array => json.EnumerateArray().SelectMany(item => Paths(item, prefix + "[]")),
        _ => [],
    };

    public T Single<T>(string name) where T : IMetadata<V1ObjectMeta> =>
        Objects.OfType<T>().Should().ContainSingle(o => o.Metadata.Name == name, $"deploy/kubernetes holds one {typeof(T).Name} {name}").Which;

    public V1Deployment Deployment(string name) => Single<V1Deployment>(name);

    public static V1Container Container(V1Deployment d) => d.Spec.Template.Spec.Containers.Should().ContainSingle().Which;

    /// <summary>The value after <paramref name="flag"/> in a container's arguments.</summary>
    public static string Arg(IList<string> args, string flag)
    {
        var i = args.IndexOf(flag);
        i.Should().BeGreaterThanOrEqualTo(0, $"the arguments [{string.Join(' ', args)}] pass {flag}");
        return args[i + 1];
    }

    /// <summary>The arguments with <c>--port P</c> replaced by <c>--port 0</c>, to start the same server on a free port here.</summary>
    public static List<string> OnAFreePort(IList<string> args)
    {
        var copy = args.ToList();
        copy[copy.IndexOf("--port") + 1] = "0";
        return copy;
    }
}
