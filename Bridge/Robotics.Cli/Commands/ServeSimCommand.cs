using System.CommandLine;
using System.Runtime.InteropServices;
using Robotics.Tabletop.Server;

namespace Robotics.Cli.Commands;

/// <summary>
/// <c>robotics serve-sim</c>: serves the embedded MuJoCo tabletop over gRPC until Ctrl+C or SIGTERM. Prints
/// exactly one line <c>listening on URL</c> on stdout once it accepts calls (scripts and tests parse it).
/// </summary>
internal static class ServeSimCommand
{
    public const string TokenVariable = "ROBOTICS_SIM_TOKEN";

    public static Command Create()
    {
        var command = new Command("serve-sim", "Serve the embedded MuJoCo tabletop over gRPC (robotics.sim.v1, health, reflection) until Ctrl+C/SIGTERM.");
        var port = new Option<int>("--port") { Description = "TCP port; 0 picks a free one.", DefaultValueFactory = _ => 50051 };
        var host = new Option<string>("--host") { Description = "Address to bind (an IP or 'localhost'). Non-loopback needs --token or --insecure.", DefaultValueFactory = _ => "127.0.0.1" };
        var token = new Option<string?>("--token") { Description = $"Bearer token every call must carry (default: ${TokenVariable})." };
        var insecure = new Option<bool>("--insecure") { Description = "Allow a non-loopback bind without a token." };
        var tlsCert = new Option<string?>("--tls-cert") { Description = "TLS certificate: PEM (with --tls-key) or PFX (password in $ROBOTICS_SIM_TLS_PASSWORD)." };
        var tlsKey = new Option<string?>("--tls-key") { Description = "PEM private key of --tls-cert." };
        var lease = new Option<double>("--lease-seconds") { Description = "Close a session after this many seconds without a call.", DefaultValueFactory = _ => 300 };
        var maxEnvs = new Option<int>("--max-envs") { Description = "Most envs one session may open.", DefaultValueFactory = _ => 256 };
        foreach (var option in new Option[] { port, host, token, insecure, tlsCert, tlsKey, lease, maxEnvs })
            command.Options.Add(option);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = new TabletopServerOptions
            {
                Port = parseResult.GetValue(port),
                Host = parseResult.GetValue(host) ?? "127.0.0.1",
                Token = parseResult.GetValue(token) ?? NonEmpty(Environment.GetEnvironmentVariable(TokenVariable)),
                Insecure = parseResult.GetValue(insecure),
                TlsCertPath = parseResult.GetValue(tlsCert),
                TlsKeyPath = parseResult.GetValue(tlsKey),
                SessionLease = TimeSpan.FromSeconds(parseResult.GetValue(lease)),
                MaxEnvsPerSession = parseResult.GetValue(maxEnvs),
            };
            await using var server = await TabletopServer.StartAsync(options, cancellationToken);
            Console.Out.WriteLine($"listening on {server.Address.ToString().TrimEnd('/')}");
            Console.Out.Flush();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // SIGTERM (docker stop, kubectl delete) stops as cleanly as Ctrl+C.
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
            Console.Error.WriteLine("serve-sim: stopping");
            return 0;
        });
        return command;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
