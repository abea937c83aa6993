using TorchSharp;

namespace Robotics.Policy.Metrics;

/// <summary>L2 norm of the parameter difference between a fine-tuned model and its base (one of the paper's weaker predictors).</summary>
public static class WeightChange
{
    public static double L2(torch.nn.Module baseModel, torch.nn.Module tuned)
    {
        using var scope = torch.NewDisposeScope();
        var baseParameters = baseModel.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        double sum = 0;
        foreach (var (name, parameter) in tuned.named_parameters())
        {
            if (!baseParameters.TryGetValue(name, out var reference))
                throw new ArgumentException($"parameter '{name}' of the fine-tuned model is missing from the base model");
            if (!reference.shape.SequenceEqual(parameter.shape))
                throw new ArgumentException($"parameter '{name}' has shape [{string.Join(",", parameter.shape)}] but the base has [{string.Join(",", reference.shape)}]");
            sum += (parameter - reference).pow(2).sum().item<float>();
        }
        return Math.Sqrt(sum);
    }
}
