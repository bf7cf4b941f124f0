namespace TokenKernels.Calibration;

/// <summary>
/// Leave-one-source-out cross-validation: each source's rows predicted by a profile fitted on every other source.
/// The honest error estimate: no row is predicted by a profile that saw it.
/// </summary>
public sealed record CrossValidationReport
{
    /// <summary>Held-out predictions of every row, summarised like <c>validate</c>.</summary>
    public required ValidationReport HeldOut { get; init; }

    /// <summary>Each fold: the held-out source and the profile fitted without it.</summary>
    public required IReadOnlyList<CrossValidationFold> Folds { get; init; }
}
