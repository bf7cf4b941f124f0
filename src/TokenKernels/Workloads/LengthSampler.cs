namespace TokenKernels.Workloads;

/// <summary>Draws request <c>n</c>'s lengths from a <see cref="PackedLengths"/> table. Kernel-safe.</summary>
internal static class LengthSampler
{
    /// <summary>
    /// Lengths of request <paramref name="request"/>: uniforms from counters (request, 0) and (request, 1) of the stream;
    /// a trace takes entry request mod count. Log-normal draws above the cap are clipped: input to cap - 1, output to the rest.
    /// </summary>
    public static void Sample<TTable>(in TTable table, in PackedLengths lengths, ulong seed, ulong stream, long request, out double input, out double output)
        where TTable : struct, ITable
    {
        int n = lengths.Count;
        int o = lengths.Offset;
        if (lengths.Mode == 2)
        {
            int i = (int)(request % n);
            input = table.Table(o + i);
            output = table.Table(o + n + i);
            return;
        }

        double u = CounterRng.Uniform(seed, stream, (ulong)request * 2);
        if (lengths.Mode == 1)
        {
            double v = CounterRng.Uniform(seed, stream, ((ulong)request * 2) + 1);
            input = table.Table(o + Math.Min(n - 1, (int)(u * n)));
            output = table.Table(o + n + Math.Min(n - 1, (int)(v * n)));
            Clip(lengths.Cap, ref input, ref output);
            return;
        }

        // Smallest i with cumulative[i] > u.
        int lo = 0, hi = n - 1;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (table.Table(o + (2 * n) + mid) > u)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        input = table.Table(o + lo);
        output = table.Table(o + n + lo);
    }

    /// <summary>Clips a pair to the cap: input at most cap - 1, output at most cap - input. A cap of 0 is none.</summary>
    public static void Clip(double cap, ref double input, ref double output)
    {
        if (cap > 0 && input + output > cap)
        {
            input = Math.Min(input, cap - 1);
            output = cap - input;
        }
    }
}
