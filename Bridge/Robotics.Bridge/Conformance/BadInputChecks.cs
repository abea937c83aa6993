using Google.Protobuf;
using Grpc.Core;
using Robotics.Sim.V1;

namespace Robotics.Bridge.Conformance;

/// <summary>Every malformed action is INVALID_ARGUMENT, and the session keeps working afterwards.</summary>
internal static class BadInputChecks
{
    public static IEnumerable<ConformanceCheck> All()
    {
        yield return Bad("bad-input.action-shape", "actions of shape [N, 6]", n => ConformanceContext.Actions(n, dim: 6));
        yield return Bad("bad-input.action-env-count", "actions for N+1 envs", n => ConformanceContext.Actions(n + 1));
        yield return Bad("bad-input.action-dtype", "uint8 actions", n =>
        {
            var tensor = new Tensor { Dtype = DType.Uint8, Data = ByteString.CopyFrom(new byte[n * ActionSpace.Dim]) };
            tensor.Shape.Add([n, ActionSpace.Dim]);
            return tensor;
        });
        yield return Bad("bad-input.action-bytes", "float32 [N, 7] actions with too few bytes", n =>
        {
            var tensor = new Tensor { Dtype = DType.Float32, Data = ByteString.CopyFrom(new byte[n * ActionSpace.Dim * 4 - 4]) };
            tensor.Shape.Add([n, ActionSpace.Dim]);
            return tensor;
        });
        yield return Bad("bad-input.action-nan", "a NaN action", n => WithValue(n, float.NaN));
        yield return Bad("bad-input.action-inf", "an infinite action", n => WithValue(n, float.PositiveInfinity));
        yield return Bad("bad-input.action-missing", "a Step with no actions", _ => null);
        yield return new("bad-input.stream", "bad-input", "A NaN action on StepStream ends the stream with INVALID_ARGUMENT after the good results", async ctx =>
        {
            var open = await ctx.OpenAsync();
            await ctx.ResetAsync(open.SessionId);
            using var call = ctx.Client.StepStream(ctx.Call);
            await call.RequestStream.WriteAsync(new StepRequest { SessionId = open.SessionId, Actions = ConformanceContext.Actions(ctx.NumEnvs) });
            Expect.True(await call.ResponseStream.MoveNext(ctx.CancellationToken), "no result for the good request");
            await call.RequestStream.WriteAsync(new StepRequest { SessionId = open.SessionId, Actions = WithValue(ctx.NumEnvs, float.NaN) });
            await Expect.StatusAsync(StatusCode.InvalidArgument, async () =>
            {
                while (await call.ResponseStream.MoveNext(ctx.CancellationToken)) { }
            }, "StepStream with a NaN action");
        });
    }

    private static ConformanceCheck Bad(string name, string what, Func<int, Tensor?> actions) =>
        new(name, "bad-input", $"Step with {what} is INVALID_ARGUMENT and the session still steps", async ctx =>
        {
            var open = await ctx.OpenAsync();
            await ctx.ResetAsync(open.SessionId);
            var request = new StepRequest { SessionId = open.SessionId };
            if (actions(ctx.NumEnvs) is { } tensor) request.Actions = tensor;
            await Expect.StatusAsync(StatusCode.InvalidArgument, async () => await ctx.Client.StepAsync(request, ctx.Call), $"Step with {what}");
            var after = await ctx.StepAsync(open.SessionId, ConformanceContext.Actions(ctx.NumEnvs));
            Expect.Equal(after.ElapsedSteps[0], 1, "elapsed_steps of the next good step (a rejected step must not count)");
        });

    /// <summary>Zero actions with one value of the last env replaced.</summary>
    private static Tensor WithValue(int n, float value)
    {
        var values = new float[n * ActionSpace.Dim];
        values[(n - 1) * ActionSpace.Dim + 2] = value;
        return ConformanceContext.FloatTensor(values, n, ActionSpace.Dim);
    }
}
