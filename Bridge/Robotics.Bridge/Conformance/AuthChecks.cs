using Grpc.Core;
using Robotics.Sim.V1;

namespace Robotics.Bridge.Conformance;

internal static class AuthChecks
{
    public static IEnumerable<ConformanceCheck> All()
    {
        yield return new("auth.token-required", "auth", "With a token configured, calls without it (or with a wrong one) are UNAUTHENTICATED", async ctx =>
        {
            if (string.IsNullOrEmpty(ctx.Options.Token)) throw new ConformanceSkip("no --token given");
            var anonymous = ctx.NewClient(withToken: false);
            await Expect.StatusAsync(StatusCode.Unauthenticated, async () => await anonymous.DescribeAsync(new DescribeRequest(), ctx.Call), "Describe without a token");
            var wrong = new Metadata { { "authorization", "Bearer not-the-token" } };
            await Expect.StatusAsync(StatusCode.Unauthenticated,
                async () => await anonymous.DescribeAsync(new DescribeRequest(), new CallOptions(wrong, DateTime.UtcNow + ctx.Options.CallTimeout)),
                "Describe with a wrong token");
        });
    }
}
