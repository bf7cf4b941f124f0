namespace TokenKernels.Calibration;

/// <summary>How far a measurement's collector trusted it; calibration weights rows by it.</summary>
public enum MeasurementTrust
{
    /// <summary>Read from a primary source with its configuration stated.</summary>
    High = 0,

    /// <summary>Primary source, but scope or configuration partly interpreted.</summary>
    Medium = 1,

    /// <summary>Secondary, rounded or auto-generated figure.</summary>
    Low = 2,
}
