using System.Diagnostics;
using System.Globalization;
using TokenKernels.Physics;

namespace TokenKernels.Benchmarks;

/// <summary>
/// Nanoseconds per call of <see cref="KernelMath.Exp"/> and <see cref="KernelMath.Log"/> against .NET's
/// <see cref="Math.Exp"/> and <see cref="Math.Log(double)"/>, on the physics' arguments (exp of T ln(1 - k/E)), in one
/// process and interleaved, so the ratio holds on a busy machine even where the absolute figures do not.
/// </summary>
public static class MathSpeed
{
    /// <summary>Prints one line per function; returns 0.</summary>
    public static int Run()
    {
        const int N = 10_000_000;
        var args = new double[1024];
        for (int i = 0; i < args.Length; i++)
        {
            args[i] = -(i + 1) * 0.0078125 * 3.5; // T x ln(1 - 8/256) for T = 1..1024
        }

        double sink = 0;
        double kExp = 0, mExp = 0, kLog = 0, mLog = 0;
        for (int round = 0; round < 3; round++)
        {
            kExp = Time(() => { double s = 0; for (int i = 0; i < N; i++) { s += KernelMath.Exp(args[i & 1023]); } sink += s; }, N);
            mExp = Time(() => { double s = 0; for (int i = 0; i < N; i++) { s += Math.Exp(args[i & 1023]); } sink += s; }, N);
            kLog = Time(() => { double s = 0; for (int i = 0; i < N; i++) { s += KernelMath.Log(1.0 + (i & 1023)); } sink += s; }, N);
            mLog = Time(() => { double s = 0; for (int i = 0; i < N; i++) { s += Math.Log(1.0 + (i & 1023)); } sink += s; }, N);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"exp: KernelMath {kExp:F2} ns, Math {mExp:F2} ns per call (ratio {kExp / mExp:F2})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"log: KernelMath {kLog:F2} ns, Math {mLog:F2} ns per call (ratio {kLog / mLog:F2})"));
        GC.KeepAlive(sink);
        return 0;
    }

    private static double Time(Action body, int calls)
    {
        var clock = Stopwatch.StartNew();
        body();
        return clock.Elapsed.TotalNanoseconds / calls;
    }
}
