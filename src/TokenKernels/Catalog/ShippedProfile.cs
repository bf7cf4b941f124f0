using TokenKernels.Calibration;

namespace TokenKernels.Catalog;

/// <summary>
/// The calibrated profile shipped inside the package (embedded resource <c>default-profile.json</c>, fitted on
/// measurements-public.csv by <c>calibrate</c>); the engineering priors where the build carries none. In Catalog, beside
/// the built-in specs, so every layer from Engine up can default to it (<see cref="EfficiencyProfileDefaults"/>).
/// </summary>
internal static class ShippedProfile
{
    public const string ResourceName = "TokenKernels.Calibration.default-profile.json";

    public static readonly Lazy<EfficiencyProfile> Value = new(Load);

    private static EfficiencyProfile Load()
    {
        using var stream = typeof(ShippedProfile).Assembly.GetManifestResourceStream(ResourceName);
        if (stream is null)
        {
            return EfficiencyProfile.Priors;
        }

        using var reader = new StreamReader(stream);
        return ProfileJson.Read(reader.ReadToEnd());
    }
}

