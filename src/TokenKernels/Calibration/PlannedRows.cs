using TokenKernels.Packing;

namespace TokenKernels.Calibration;

/// <summary>
/// Measurements planned once (catalog specs resolved, candidates enumerated), then predicted under any number of profiles:
/// what the calibration loop evaluates thousands of times.
/// </summary>
internal sealed class PlannedRows
{
    private PlannedRows(RowPlan[] plans) => Plans = plans;

    public RowPlan[] Plans { get; }

    /// <summary>
    /// Plans rows against the built-in catalog. Feasibility of a batch depends only on the profile's memory figures
    /// (usable fraction, activation reserve), which calibration keeps fixed, so <paramref name="memoryProfile"/> plans for every fit.
    /// </summary>
    public static PlannedRows Build(IReadOnlyList<Measurement> rows, EfficiencyProfile memoryProfile) =>
        Build(rows, memoryProfile, BuiltInCatalog.GetHardware, BuiltInCatalog.GetModel);

    public static PlannedRows Build(IReadOnlyList<Measurement> rows, EfficiencyProfile memoryProfile, Func<string, HardwareSpec> hardware, Func<string, ModelSpec> model)
    {
        ArgumentNullException.ThrowIfNull(rows);
        memoryProfile.Validate();
        var plans = new RowPlan[rows.Count];
        Parallel.For(0, rows.Count, i => plans[i] = RowPlanner.Plan(rows[i], hardware(rows[i].Hardware), model(rows[i].Model), memoryProfile));
        return new PlannedRows(plans);
    }

    /// <summary>Predicts every row under one profile (TTFT at a stated concurrency by simulating it, <see cref="RowPredictor.PredictAtConcurrency"/>).</summary>
    public RowOutcome[] Predict(EfficiencyProfile profile)
    {
        var packed = ProfilePacker.Pack(profile);
        var outcomes = new RowOutcome[Plans.Length];
        Parallel.For(0, Plans.Length, i => outcomes[i] = RowPredictor.PredictAtConcurrency(Plans[i], packed));
        return outcomes;
    }

    /// <summary>Turns outcomes into the public per-row records.</summary>
    public List<RowValidation> Describe(RowOutcome[] outcomes)
    {
        var result = new List<RowValidation>(Plans.Length);
        for (int i = 0; i < Plans.Length; i++)
        {
            result.Add(Describe(Plans[i], outcomes[i]));
        }

        return result;
    }

    public static RowValidation Describe(RowPlan plan, RowOutcome outcome)
    {
        var row = plan.Row;
        var metrics = new List<MetricComparison>();
        MetricComparison? throughput = null;
        if (outcome.Error is null)
        {
            foreach (var metric in plan.Measured)
            {
                var c = new MetricComparison(metric.ToColumn(), row.Get(metric)!.Value, outcome.Predicted[(int)metric]);
                metrics.Add(c);
                if (metric == plan.Throughput)
                {
                    throughput = c;
                }
            }
        }

        return new RowValidation
        {
            Id = row.Id,
            Source = row.Source,
            Hardware = row.Hardware,
            Model = row.Model,
            Engine = plan.Engine,
            Family = plan.Family,
            Vendor = plan.Vendor,
            Kind = plan.Kind,
            Error = outcome.Error,
            Chosen = RowPredictor.Chosen(plan, outcome.Chosen),
            Metrics = metrics,
            Throughput = throughput,
        };
    }
}
