namespace TokenKernels.Workloads;

/// <summary>
/// Counter-based random numbers: a value is a pure function of (seed, stream, counter), so every backend (managed loop,
/// CPU or GPU kernel) draws the same numbers for the same replica and event, whatever order threads run in.
/// SplitMix64's finaliser (Steele, Lea and Flood 2014) over a Weyl-style combination of the three keys. Kernel-safe.
/// </summary>
internal static class CounterRng
{
    private const double Unit = 1.0 / 9007199254740992.0; // 2^-53

    /// <summary>64 random bits for (seed, stream, counter).</summary>
    public static ulong Bits(ulong seed, ulong stream, ulong counter)
    {
        ulong x = unchecked((seed * 0x9E3779B97F4A7C15UL) + (stream * 0xD1B54A32D192ED03UL) + (counter * 0x8CB92BA72F3D8DD7UL));
        return Mix(Mix(x) ^ seed);
    }

    /// <summary>A uniform double strictly inside (0, 1): (top 53 bits + 0.5) x 2^-53, so log(u) and log(1 - u) are finite.</summary>
    public static double Uniform(ulong seed, ulong stream, ulong counter) => ((Bits(seed, stream, counter) >> 11) + 0.5) * Unit;

    /// <summary>SplitMix64's output function.</summary>
    public static ulong Mix(ulong z)
    {
        unchecked
        {
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
