namespace Robotics.Experiments.Razor;

/// <summary>
/// The forecast checked on runs it did not see: each run in turn is held out, the law is fitted on the other runs, and the
/// held-out run's checkpoints are predicted from their forward KL and compared with their measured forgetting.
/// </summary>
/// <param name="Predictions">Held-out checkpoints predicted (those whose KL lay inside the other runs' range: the forecast refuses the rest).</param>
/// <param name="Refused">Held-out checkpoints outside the range the other runs covered.</param>
/// <param name="MeanAbsoluteError">Mean |predicted - measured| forgetting over the predictions (a fraction of prior-task success).</param>
/// <param name="Coverage">Share of the measured values inside their 95% prediction interval.</param>
public sealed record ForecastValidation(int Runs, int Predictions, int Refused, double MeanAbsoluteError, double RootMeanSquareError, double Coverage)
{
    public static ForecastValidation? LeaveOneRunOut(IReadOnlyList<CheckpointScore> scores, string newTask)
    {
        var onLaw = scores.Where(s => !ForecastLaw.OffLawMethods.Contains(s.Method)).ToList();
        var runs = onLaw.Select(s => s.Run).Distinct().ToList();
        var errors = new List<double>();
        int refused = 0, covered = 0, heldOutRuns = 0;
        foreach (var run in runs)
        {
            var rest = onLaw.Where(s => s.Run != run).ToList();
            if (!ForecastLaw.CanFit(rest)) continue;
            heldOutRuns++;
            var law = ForecastLaw.Fit(rest, newTask, 0, 0);
            foreach (var checkpoint in onLaw.Where(s => s.Run == run))
            {
                if (checkpoint.ForwardKl < law.KlMin || checkpoint.ForwardKl > law.KlMax) { refused++; continue; }
                var forecast = law.Predict(checkpoint.ForwardKl, checkpoint.Method);
                errors.Add(forecast.Forgetting - checkpoint.Forgetting);
                if (checkpoint.Forgetting >= forecast.Low && checkpoint.Forgetting <= forecast.High) covered++;
            }
        }
        if (errors.Count == 0) return null;
        return new ForecastValidation(heldOutRuns, errors.Count, refused, errors.Average(Math.Abs), Math.Sqrt(errors.Average(e => e * e)), (double)covered / errors.Count);
    }
}
