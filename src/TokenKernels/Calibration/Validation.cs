
namespace TokenKernels.Calibration;

/// <summary>Predicts measurements and compares: the engine of <c>validate</c>.</summary>
public static class Validation
{
    /// <summary>
    /// Predicts every row (open settings chosen as a serving engineer would, see data/README.md) and summarises the errors.
    /// </summary>
    /// <param name="rows">Measurements, e.g. from <see cref="MeasurementCsv.Load"/>; hardware and model ids from the built-in catalog.</param>
    /// <param name="profile">Efficiencies; null = <c>EfficiencyProfile.Default</c>, the shipped calibration.</param>
    /// <exception cref="ArgumentException">A row names hardware or a model the catalog lacks, or the profile is out of range.</exception>
    public static ValidationReport Run(IReadOnlyList<Measurement> rows, EfficiencyProfile? profile = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        profile ??= EfficiencyProfile.Default;
        profile.Validate();
        var planned = PlannedRows.Build(rows, profile);
        return ValidationReport.From(planned.Describe(planned.Predict(profile)));
    }
}
