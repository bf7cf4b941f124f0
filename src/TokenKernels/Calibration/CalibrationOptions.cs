namespace TokenKernels.Calibration;

/// <summary>Settings of a calibration fit. The defaults are what <c>calibrate</c> uses.</summary>
public sealed record CalibrationOptions
{
    /// <summary>Where the search starts, and the values of every parameter that is not fitted (memory figures, prefill bandwidth).</summary>
    public EfficiencyProfile Start { get; init; } = EfficiencyProfile.Priors;

    /// <summary>Most loss evaluations (each predicts every row once).</summary>
    public int MaxEvaluations { get; init; } = 3000;

    /// <summary>Nelder-Mead restarts from the best point so far (escape a collapsed simplex).</summary>
    public int Restarts { get; init; } = 3;

    /// <summary>
    /// Scale of the soft-L1 loss on log(predicted / measured): errors well below it count quadratically, above it linearly,
    /// so a few rows far off (a different software generation, a mislabelled run) cannot drag the fit.
    /// </summary>
    public double LossScale { get; init; } = 0.25;

    /// <summary>
    /// Pull of each fitted coordinate back to its start, per unit of loss weight: keeps parameters the data cannot identify at their priors.
    /// </summary>
    public double PriorWeight { get; init; } = 0.02;

    /// <summary>
    /// How far sources are balanced: each row weighs 1 / rows-of-its-source^balance. 0 = every row counts alike (a large
    /// table dominates); 1 = every source counts alike; 0.5 = in between.
    /// </summary>
    public double SourceBalance { get; init; } = 0.5;

    /// <summary>
    /// Cauchy loss s^2 ln(1 + (r/s)^2) instead of soft-L1: a row many times off (a software stack the physics does not
    /// describe) stops pulling the parameters at all, instead of pulling with constant force.
    /// </summary>
    public bool Redescending { get; init; }
}
