namespace TokenKernels.Calibration;

/// <summary>A fitted profile with the accuracy it reaches on the data it was fitted to.</summary>
public sealed record CalibrationResult
{
    /// <summary>The fitted profile (its <see cref="EfficiencyProfile.Provenance"/> names the data and date).</summary>
    public required EfficiencyProfile Profile { get; init; }

    /// <summary>Final weighted robust loss (mean over the weights, prior pull included).</summary>
    public required double Loss { get; init; }

    /// <summary>Loss evaluations used.</summary>
    public required int Evaluations { get; init; }

    /// <summary>Rows used (those predictable under the start profile).</summary>
    public required int Rows { get; init; }

    /// <summary>Fitted parameters by their JSON name.</summary>
    public required IReadOnlyDictionary<string, double> Parameters { get; init; }

    /// <summary>In-sample validation under the fitted profile.</summary>
    public required ValidationReport InSample { get; init; }
}
