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
    public double PriorWeight { get; init; } = 0.002;
}
