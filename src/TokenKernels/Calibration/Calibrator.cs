using System.Globalization;

namespace TokenKernels.Calibration;

/// <summary>
/// Fits an <see cref="EfficiencyProfile"/> to measurements (the engine of <c>calibrate</c>) and estimates its error on data
/// it was not fitted to (leave-one-source-out cross-validation).
/// </summary>
/// <remarks>
/// Minimises a trust-weighted soft-L1 loss of log(predicted / measured) over every measured metric of every row with
/// Nelder-Mead in an unbounded space (fractions through logit, durations through log), with restarts. Rows that leave
/// settings open re-choose them under each candidate profile; their candidate configurations are enumerated once.
/// Fitted: decode compute efficiency, weight-streaming and KV-read memory efficiency, prefill compute efficiency, FP4 compute
/// scale, collective efficiency, communication overlap, per-step, per-layer and per-sequence overheads, scale-up and
/// scale-out collective latency, MoE imbalance, roofline serial share.
/// Kept at the start profile: prefill memory efficiency (prefill is compute-bound in every row) and the memory plan
/// (usable HBM fraction, activation reserve), which decide which batches fit and so must not move while candidates are fixed.
/// </remarks>
public static class Calibrator
{
    /// <summary>Fits a profile to every row.</summary>
    /// <param name="rows">Measurements; hardware and model ids from the built-in catalog.</param>
    /// <param name="options">Fit settings; null = defaults.</param>
    /// <param name="dataName">Name of the data recorded in the profile's provenance.</param>
    /// <exception cref="ArgumentException">No row can be predicted under the start profile, or an option is out of range.</exception>
    public static CalibrationResult Fit(IReadOnlyList<Measurement> rows, CalibrationOptions? options = null, string dataName = "measurements")
    {
        ArgumentNullException.ThrowIfNull(rows);
        options ??= new CalibrationOptions();
        options.Validate();
        var planned = PlannedRows.Build(rows, options.Start);
        return Fit(planned, Enumerable.Range(0, rows.Count), options, dataName);
    }

    /// <summary>
    /// Leave-one-source-out: for each source, fits on every other source and predicts the held-out rows.
    /// </summary>
    /// <param name="rows">Measurements with at least two sources.</param>
    /// <param name="options">Fit settings; null = defaults.</param>
    /// <param name="progress">Called with each finished fold (source, rows), or null.</param>
    public static CrossValidationReport CrossValidate(IReadOnlyList<Measurement> rows, CalibrationOptions? options = null, Action<string, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        options ??= new CalibrationOptions();
        options.Validate();
        var planned = PlannedRows.Build(rows, options.Start);
        var sources = rows.Select(r => r.Source).Distinct().ToList();
        if (sources.Count < 2)
        {
            throw new ArgumentException("Cross-validation needs rows from at least two sources.", nameof(rows));
        }

        var heldOut = new RowValidation[rows.Count];
        var folds = new List<CrossValidationFold>();
        foreach (string source in sources)
        {
            var train = Enumerable.Range(0, rows.Count).Where(i => rows[i].Source != source);
            var test = Enumerable.Range(0, rows.Count).Where(i => rows[i].Source == source).ToList();
            var fit = Fit(planned, train, options, "cross-validation fold", inSample: false);
            var packed = Packing.ProfilePacker.Pack(fit.Profile);
            foreach (int i in test)
            {
                heldOut[i] = PlannedRows.Describe(planned.Plans[i], RowPredictor.Predict(planned.Plans[i], packed));
            }

            folds.Add(new CrossValidationFold { Source = source, Rows = test.Count, Parameters = fit.Parameters });
            progress?.Invoke(source, test.Count);
        }

        return new CrossValidationReport { HeldOut = ValidationReport.From(heldOut), Folds = folds };
    }

    private static CalibrationResult Fit(PlannedRows planned, IEnumerable<int> rows, CalibrationOptions options, string dataName, bool inSample = true)
    {
        var objective = new CalibrationObjective(planned, rows, options.Start, options.LossScale, options.PriorWeight, options.SourceBalance, options.Redescending);
        if (objective.Rows == 0)
        {
            throw new ArgumentException("No row can be predicted under the start profile; nothing to fit.", nameof(rows));
        }

        double Loss(double[] point)
        {
            options.CancellationToken.ThrowIfCancellationRequested();
            options.EvaluationProgress?.Report(1);
            return objective.Loss(point);
        }

        double[] x = objective.Origin;
        double loss = double.PositiveInfinity;
        int evaluations = 0;
        var random = new Random(20261129);
        for (int s = 0; s < options.Starts; s++)
        {
            var from = objective.Origin;
            if (s > 0)
            {
                for (int i = 0; i < from.Length; i++)
                {
                    from[i] += 0.6 * ((2 * random.NextDouble()) - 1);
                }
            }

            var (found, f, used) = NelderMead.Minimize(Loss, from, step: 0.5, options.MaxEvaluations, options.Restarts);
            evaluations += used;
            if (f < loss)
            {
                (x, loss) = (found, f);
            }
        }
        var parameters = ProfileParameter.Fitted.Select((p, i) => (p.Name, Value: p.FromCoordinate(x[i]))).ToDictionary(t => t.Name, t => t.Value);
        var profile = objective.ToProfile(x) with
        {
            Provenance = string.Create(
                CultureInfo.InvariantCulture,
                $"fitted by TokenKernels calibrate on {dataName} ({objective.Rows} rows), {DateTime.UtcNow:yyyy-MM-dd}"),
        };
        var report = inSample
            ? ValidationReport.From(planned.Describe(planned.Predict(profile)))
            : ValidationReport.From([]);
        return new CalibrationResult
        {
            Profile = profile,
            Loss = loss,
            Evaluations = evaluations,
            Rows = objective.Rows,
            Parameters = parameters,
            InSample = report,
        };
    }
}
