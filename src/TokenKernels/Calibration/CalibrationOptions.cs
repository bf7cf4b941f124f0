namespace TokenKernels.Calibration;

/// <summary>Settings of a calibration fit. The defaults are what <c>calibrate</c> uses.</summary>
public sealed record CalibrationOptions
{
    /// <summary>Where the search starts, and the values of every parameter that is not fitted (memory figures, prefill bandwidth).</summary>
    public EfficiencyProfile Start { get; init; } = EfficiencyProfile.Priors;

    /// <summary>Most loss evaluations of one search (each predicts every row once).</summary>
    public int MaxEvaluations { get; init; } = 6000;

    /// <summary>
    /// Independent searches: one from <see cref="Start"/> and the rest from deterministic perturbations of it (each unbounded
    /// coordinate moved by up to 0.6 either way); the lowest loss wins. The loss has several shallow basins, because a row's
    /// chosen configuration switches as the profile moves, so one simplex can settle in the first it meets.
    /// </summary>
    public int Starts { get; init; } = 3;

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

    /// <summary>Told 1 after every loss evaluation (at most <see cref="Starts"/> x <see cref="MaxEvaluations"/> per fit), or null.</summary>
    public IProgress<int>? EvaluationProgress { get; init; }

    /// <summary>Stops the fit between loss evaluations (<see cref="OperationCanceledException"/>).</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Checks every setting is in range.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Start, nameof(Start));
        Start.Validate();
        if (MaxEvaluations < 1)
        {
            throw new ArgumentException($"MaxEvaluations must be at least 1 (was {MaxEvaluations}).", nameof(MaxEvaluations));
        }

        if (Starts < 1)
        {
            throw new ArgumentException($"Starts must be at least 1 (was {Starts}).", nameof(Starts));
        }

        if (Restarts < 0)
        {
            throw new ArgumentException($"Restarts must not be negative (was {Restarts}).", nameof(Restarts));
        }

        if (!(LossScale > 0 && double.IsFinite(LossScale)))
        {
            throw new ArgumentException($"LossScale must be positive (was {LossScale}).", nameof(LossScale));
        }

        if (!(PriorWeight >= 0 && double.IsFinite(PriorWeight)))
        {
            throw new ArgumentException($"PriorWeight must be non-negative (was {PriorWeight}).", nameof(PriorWeight));
        }

        if (!(SourceBalance >= 0 && SourceBalance <= 1))
        {
            throw new ArgumentException($"SourceBalance must be in [0, 1] (was {SourceBalance}).", nameof(SourceBalance));
        }
    }
}
