using System.Diagnostics;
using System.Text.RegularExpressions;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using k8s.Models;
using Robotics.Bridge.Remote;
using Robotics.Cli.Commands;
using Robotics.Sim.V1;
using Robotics.Policy.Checkpoints;

namespace Robotics.EndToEnd.Tests.Deploy;

/// <summary>
/// The fleet's manifests name what the servers really do: each server is started here with its manifest's own
/// arguments and environment (on a free port) and asked for the health service its probes use, and for the token.
/// </summary>
public sealed class DeployManifestTests
{
    private const string Namespace = "robotics";
    private const string TokenSecret = "robotics-sim-token";

    [Fact]
    public async Task Manifests_ParseIntoKubernetesModels_OneOfEachPartInTheNamespace()
    {
        var files = await DeployFiles.LoadAsync();

        files.Objects.Select(o => o.GetType().Name).Should().BeEquivalentTo(
            nameof(V1Namespace), nameof(V1Secret), nameof(V1Deployment), nameof(V1Service), nameof(V1Deployment), nameof(V1Service), nameof(V1PersistentVolumeClaim), nameof(V1Job));
        files.Single<V1Namespace>(Namespace);
        files.Objects.OfType<IMetadata<V1ObjectMeta>>().Where(o => o is not V1Namespace).Should().OnlyContain(o => o.Metadata.NamespaceProperty == Namespace);
        files.Single<V1Secret>(TokenSecret).StringData.Should().ContainKey("token");
    }

    [Theory]
    [InlineData("robotics-sim-tabletop")]
    [InlineData("robotics-sim-maniskill")]
    public async Task EachFleet_HasAHeadlessServiceOnItsPodsGrpcPort_AndTheTokenFromTheSecret(string name)
    {
        var files = await DeployFiles.LoadAsync();
        var deployment = files.Deployment(name);
        var service = files.Single<V1Service>(name);
        var container = DeployFiles.Container(deployment);

        service.Spec.ClusterIP.Should().Be("None", "a headless Service's DNS name lists every ready pod, which dns:/// expands");
        deployment.Spec.Template.Metadata.Labels.Should().Contain(service.Spec.Selector);
        deployment.Spec.Selector.MatchLabels.Should().Contain(service.Spec.Selector);
        var port = container.Ports.Should().ContainSingle().Which;
        var servicePort = service.Spec.Ports.Should().ContainSingle().Which;
        servicePort.Port.Should().Be(port.ContainerPort);
        servicePort.TargetPort.Value.Should().Be(port.Name);
        DeployFiles.Arg(container.Args, "--host").Should().Be("0.0.0.0");
        int.Parse(DeployFiles.Arg(container.Args, "--port"), System.Globalization.CultureInfo.InvariantCulture).Should().Be(port.ContainerPort);
        var token = container.Env.Should().ContainSingle(e => e.Name == ServeSimCommand.TokenVariable,
            "both servers read their bearer token from ROBOTICS_SIM_TOKEN (serve-sim's TokenVariable, the adapter's --token default)").Which;
        token.ValueFrom.SecretKeyRef.Name.Should().Be(TokenSecret);
        files.Single<V1Secret>(TokenSecret).StringData.Should().ContainKey(token.ValueFrom.SecretKeyRef.Key);
    }

    [Fact]
    public async Task TabletopProbes_AskTheGrpcHealthServiceThatServeSimServesWithoutTheToken()
    {
        var files = await DeployFiles.LoadAsync();
        var container = DeployFiles.Container(files.Deployment("robotics-sim-tabletop"));
        foreach (var probe in new[] { container.ReadinessProbe, container.LivenessProbe })
        {
            probe.Grpc.Should().NotBeNull("serve-sim serves grpc.health.v1, which the kubelet's gRPC probe calls");
            probe.Grpc.Port.Should().Be(container.Ports[0].ContainerPort);
        }
        container.Args[0].Should().Be("serve-sim");
        var start = new ProcessStartInfo("dotnet") { ArgumentList = { Path.Combine(AppContext.BaseDirectory, "robotics.dll") } };
        foreach (var arg in DeployFiles.OnAFreePort(container.Args)) start.ArgumentList.Add(arg);
        // --host 0.0.0.0 as in the pod, reached here through loopback only.
        start.Environment[ServeSimCommand.TokenVariable] = "manifest-test-token";

        await using var server = await SimulatorProcess.StartAsync(start, TimeSpan.FromSeconds(60));
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{server.Address.Port}");

        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = container.ReadinessProbe.Grpc.Service ?? "" });
        health.Status.Should().Be(HealthCheckResponse.Types.ServingStatus.Serving);
        await ExpectTokenIsRequiredAsync(channel, "manifest-test-token");
    }

    [Fact]
    public async Task ManiSkillFleet_TakesAGpu_AndProbesTheTcpPortBecauseTheAdapterServesNoHealthService()
    {
        var files = await DeployFiles.LoadAsync();
        var container = DeployFiles.Container(files.Deployment("robotics-sim-maniskill"));
        container.Resources.Limits.Should().ContainKey("nvidia.com/gpu");
        container.Resources.Limits["nvidia.com/gpu"].ToInt32().Should().Be(1);
        DeployFiles.Arg(container.Args, "--backend").Should().Be("maniskill3");
        foreach (var probe in new[] { container.ReadinessProbe, container.LivenessProbe })
            probe.TcpSocket.Port.Value.Should().Be(container.Ports[0].ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // The adapter as the pod runs it, but with the fake backend (ManiSkill3 needs a GPU).
        var args = DeployFiles.OnAFreePort(container.Args);
        args[args.IndexOf("--backend") + 1] = "fake";
        var python = Path.Combine(DeployFiles.Root, "sim-adapter", "python");
        var start = new ProcessStartInfo("/usr/bin/python3") { WorkingDirectory = python, ArgumentList = { "-m", "robotics_sim_adapter" } };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["PYTHONPATH"] = Path.Combine(python, "src");
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        start.Environment[ServeSimCommand.TokenVariable] = "manifest-test-token";

        await using var server = await SimulatorProcess.StartAsync(start, TimeSpan.FromSeconds(60));
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{server.Address.Port}");

        var health = () => new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest()).ResponseAsync;
        (await health.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Unimplemented,
            "the adapter serves no grpc.health.v1, so a kubelet gRPC probe could never pass");
        await ExpectTokenIsRequiredAsync(channel, "manifest-test-token");
    }

    [Fact]
    public async Task RazorJob_RunsTheCliAgainstTheTabletopServiceThroughDns_WithTheSameSecret()
    {
        var files = await DeployFiles.LoadAsync();
        var job = files.Single<V1Job>("robotics-razor");
        var service = files.Single<V1Service>("robotics-sim-tabletop");
        var container = job.Spec.Template.Spec.Containers.Should().ContainSingle().Which;

        job.Spec.Template.Spec.RestartPolicy.Should().Be("Never");
        container.Image.Should().Be(DeployFiles.Container(files.Deployment("robotics-sim-tabletop")).Image, "the tabletop image holds the CLI");
        container.Args[0].Should().Be("razor");
        var parse = RazorCommand.Create().Parse(container.Args.Skip(1).ToArray());
        parse.Errors.Should().BeEmpty("the Job passes only options razor has");
        DeployFiles.Arg(container.Args, "--sim").Should().Be($"dns:///{service.Metadata.Name}.{Namespace}.svc.cluster.local:{service.Spec.Ports[0].Port}");
        container.Env.Should().ContainSingle(e => e.Name == ServeSimCommand.TokenVariable).Which.ValueFrom.SecretKeyRef.Name.Should().Be(TokenSecret);
        var mount = container.VolumeMounts.Should().ContainSingle().Which;
        DeployFiles.Arg(container.Args, "--out").Should().StartWith(mount.MountPath + "/", "the report is written to the mounted volume");
        var volume = job.Spec.Template.Spec.Volumes.Should().ContainSingle(v => v.Name == mount.Name).Which;
        files.Single<V1PersistentVolumeClaim>(volume.PersistentVolumeClaim.ClaimName);
    }

    [Theory]
    [InlineData("tabletop.Dockerfile", "robotics-sim-tabletop")]
    [InlineData("sim-adapter.Dockerfile", "robotics-sim-maniskill")]
    public async Task Dockerfiles_CopyOnlyPathsThatExist_AndBuildTheImageTheirDeploymentRuns(string dockerfile, string deployment)
    {
        var text = File.ReadAllText(Path.Combine(DeployFiles.Root, "deploy", "docker", dockerfile));
        var copies = Regex.Matches(text, @"^COPY\s+(?!--from)(.+)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        copies.Should().NotBeEmpty();
        foreach (var source in copies.SelectMany(c => c[..^1]))
            Path.Exists(Path.Combine(DeployFiles.Root, source.TrimEnd('/'))).Should().BeTrue($"{dockerfile} copies {source} from the repository root");

        var files = await DeployFiles.LoadAsync();
        var container = DeployFiles.Container(files.Deployment(deployment));
        text.Should().Contain($"-t {container.Image} .", $"the build command in {dockerfile} tags the image {deployment} runs");
        var cmd = Regex.Match(text, @"^CMD\s+\[(.+)\]$", RegexOptions.Multiline).Groups[1].Value;
        cmd.Split(',').Select(a => a.Trim().Trim('"')).Should().Equal(container.Args, "the image's default command is what the pod runs");
        if (dockerfile.StartsWith("sim-adapter", StringComparison.Ordinal))
            File.ReadAllText(Path.Combine(DeployFiles.Root, "sim-adapter", "python", "pyproject.toml")).Should().Contain("robotics-sim-adapter = \"robotics_sim_adapter.cli:main\"", "the ENTRYPOINT is the package's script");
    }

    private static async Task ExpectTokenIsRequiredAsync(GrpcChannel channel, string token)
    {
        var client = new Simulator.SimulatorClient(channel);
        var without = () => client.DescribeAsync(new DescribeRequest()).ResponseAsync;
        (await without.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Unauthenticated, "the token from the Secret guards the simulator");
        var described = await client.DescribeAsync(new DescribeRequest(), new Metadata { { "authorization", $"Bearer {token}" } });
        described.Should().NotBeNull();
    }
}
