namespace TokenKernels;

/// <summary>
/// <see cref="EfficiencyProfile"/>'s default: the shipped calibration. Declared here, in Catalog with the loader, and not
/// on the record in Specs, which sits below the profile's JSON reader (<see cref="Calibration.ProfileJson"/>).
/// </summary>
public static class EfficiencyProfileDefaults
{
    extension(EfficiencyProfile)
    {
        /// <summary>
        /// The profile used when none is given: the shipped calibration when present, else <see cref="EfficiencyProfile.Priors"/>.
        /// </summary>
        public static EfficiencyProfile Default => Catalog.ShippedProfile.Value.Value;
    }
}
