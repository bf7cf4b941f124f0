namespace TokenKernels.Calibration;

/// <summary>
/// Cross-validation three ways: each source's rows predicted by a profile fitted on every other source (leave-one-source-out),
/// and likewise holding out each serving engine and each hardware vendor in turn. No row is predicted by a profile that saw it;
/// the engine and vendor protocols also ask how the model does on a software stack or vendor it was not fitted on at all.
/// </summary>
public sealed record CrossValidationReport
{
    /// <summary>Leave-one-source-out held-out predictions of every row, summarised like <c>validate</c>.</summary>
    public required ValidationReport HeldOut { get; init; }

    /// <summary>Leave-one-engine-out held-out predictions (null when the rows come from one engine).</summary>
    public ValidationReport? HeldOutByEngine { get; init; }

    /// <summary>Leave-one-vendor-out held-out predictions (null when the rows come from one vendor).</summary>
    public ValidationReport? HeldOutByVendor { get; init; }

    /// <summary>Each fold of every protocol: what was held out and the profile fitted without it.</summary>
    public required IReadOnlyList<CrossValidationFold> Folds { get; init; }
}
