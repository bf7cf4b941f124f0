namespace TokenKernels.Kernels;

/// <summary>
/// A short fp64 chain in the physics' mix (one division to five multiplies and adds, all dependent), run the same way
/// by a device kernel and by the CPU so <see cref="SweepBackend.Auto"/> can compare their double-precision throughput
/// before choosing: a consumer GPU at 1/64 fp64 rate can be slower than the CPU cores. Kernel-safe.
/// </summary>
internal static class Fp64Probe
{
    /// <summary>Floating-point operations per step of <see cref="Chain"/> (2 multiplies, 3 adds, 1 division).</summary>
    public const int OpsPerStep = 6;

    /// <summary>Runs <paramref name="steps"/> dependent steps from a seed; bounded values (x in [1, 1.5], y in (0.25, 1]).</summary>
    public static double Chain(double seed, int steps)
    {
        double x = 1.0 + (seed * 1e-9);
        double y = 0.5;
        for (int i = 0; i < steps; i++)
        {
            y = (x * y * 0.5) + 0.25;
            x = 1.0 + (0.5 / (y + x));
        }

        return x + y;
    }

    /// <summary>Probe kernel: each thread runs the chain from its own seed and writes the result (so nothing is optimised away).</summary>
    public static void Kernel(ILGPU.Index1D thread, int steps, ILGPU.ArrayView<double> output) => output[thread] = Chain(thread + 1, steps);

    /// <summary>
    /// Whether a device measured at <paramref name="deviceOpsPerSecond"/> should run sweeps instead of CPU cores measured
    /// at <paramref name="cpuOpsPerSecond"/>: only when it is at least as fast on the probe (no margin is assumed that
    /// was not measured).
    /// </summary>
    public static bool PreferDevice(double deviceOpsPerSecond, double cpuOpsPerSecond) =>
        deviceOpsPerSecond >= cpuOpsPerSecond;

    /// <summary>fp64 operations per second of every CPU core running the chain at once (about 20 ms).</summary>
    public static double MeasureCpu()
    {
        int cores = Environment.ProcessorCount;
        const int Steps = 200_000;
        Chain(1, 1000); // JIT
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var sink = new double[cores];
        Parallel.For(0, cores, t => sink[t] = Chain(t + 1, Steps));
        double seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-6);
        GC.KeepAlive(sink);
        return (double)cores * Steps * OpsPerStep / seconds;
    }
}
