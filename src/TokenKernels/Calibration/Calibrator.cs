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
    /// Cross-validation: for each source, fits on every other source and predicts the held-out rows (leave-one-source-out);
    /// then the same holding out each serving engine and each hardware vendor. Folds run in parallel (one per core), each
    /// predicting its rows serially.
    /// </summary>
    /// <param name="rows">Measurements with at least two sources.</param>
    /// <param name="options">Fit settings; null = defaults.</param>
    /// <param name="progress">Called with each finished fold (held-out group, rows), from any thread, or null.</param>
    public static CrossValidationReport CrossValidate(IReadOnlyList<Measurement> rows, CalibrationOptions? options = null, Action<string, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        options ??= new CalibrationOptions();
        options.Validate();
        var planned = PlannedRows.Build(rows, options.Start);
        if (rows.Select(r => r.Source).Distinct().Count() < 2)
        {
            throw new ArgumentException("Cross-validation needs rows from at least two sources.", nameof(rows));
        }

        var protocols = new (string Name, Func<RowPlan, string> Key)[]
        {
            ("source", p => p.Row.Source),
            ("engine", p => p.Engine),
            ("vendor", p => p.Vendor),
        };
        var jobs = new List<(int Protocol, string Group)>();
        for (int k = 0; k < protocols.Length; k++)
        {
            var groups = planned.Plans.Select(protocols[k].Key).Distinct(StringComparer.Ordinal).ToList();
            if (k == 0 || groups.Count > 1)
            {
                jobs.AddRange(groups.Select(g => (k, g)));
            }
        }

        var heldOut = new RowValidation[protocols.Length][];
        for (int k = 0; k < protocols.Length; k++)
        {
            heldOut[k] = new RowValidation[rows.Count];
        }

        var folds = new CrossValidationFold[jobs.Count];
        var gate = new object();
        Parallel.For(0, jobs.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, j =>
        {
            var (k, group) = jobs[j];
            var key = protocols[k].Key;
            var test = Enumerable.Range(0, rows.Count).Where(i => key(planned.Plans[i]) == group).ToList();
            var train = Enumerable.Range(0, rows.Count).Where(i => key(planned.Plans[i]) != group).ToList();
            IReadOnlyDictionary<string, double> parameters = new Dictionary<string, double>();
            var fit = TryFit(planned, train, options);
            if (fit is not null)
            {
                var packed = Packing.ProfilePacker.Pack(fit.Profile);
                parameters = fit.Parameters;
                foreach (int i in test)
                {
                    heldOut[k][i] = PlannedRows.Describe(planned.Plans[i], RowPredictor.PredictAtConcurrency(planned.Plans[i], packed));
                }
            }
            else
            {
                foreach (int i in test)
                {
                    heldOut[k][i] = PlannedRows.Describe(planned.Plans[i], new RowOutcome([], -1, $"no {protocols[k].Name} left to fit on"));
                }
            }

            folds[j] = new CrossValidationFold { Source = group, Protocol = protocols[k].Name, Rows = test.Count, Parameters = parameters };
            if (progress is not null)
            {
                lock (gate)
                {
                    progress(group, test.Count);
                }
            }
        });

        ValidationReport? Report(int k) => heldOut[k].All(r => r is not null) ? ValidationReport.From(heldOut[k]) : null;
        return new CrossValidationReport
        {
            HeldOut = Report(0)!,
            HeldOutByEngine = Report(1),
            HeldOutByVendor = Report(2),
            Folds = folds,
        };
    }

    /// <summary>A fold's fit, or null when no training row can be predicted.</summary>
    private static CalibrationResult? TryFit(PlannedRows planned, List<int> train, CalibrationOptions options)
    {
        if (train.Count == 0)
        {
            return null;
        }

        var objective = new CalibrationObjective(planned, train, options.Start, options.LossScale, options.PriorWeight, options.SourceBalance, options.Redescending, parallelRows: false);
        return objective.Rows == 0 ? null : Fit(planned, objective, options with { Starts = Math.Min(options.Starts, options.FoldStarts) }, "cross-validation fold", inSample: false);
    }

    private static CalibrationResult Fit(PlannedRows planned, IEnumerable<int> rows, CalibrationOptions options, string dataName)
    {
        var objective = new CalibrationObjective(planned, rows, options.Start, options.LossScale, options.PriorWeight, options.SourceBalance, options.Redescending);
        if (objective.Rows == 0)
        {
            throw new ArgumentException("No row measures a fitted metric (throughput, tok/s/user, TPOT) and can be predicted under the start profile; nothing to fit.", nameof(rows));
        }

        return Fit(planned, objective, options, dataName, inSample: true);
    }

    private static CalibrationResult Fit(PlannedRows planned, CalibrationObjective objective, CalibrationOptions options, string dataName, bool inSample)
    {
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

            var (found, f, used) = NelderMead.Minimize(Loss, from, step: 0.5, options.MaxEvaluations, options.Restarts, options.Tolerance);
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
