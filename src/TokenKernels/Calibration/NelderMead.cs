namespace TokenKernels.Calibration;

/// <summary>
/// Nelder-Mead simplex minimisation (standard coefficients: reflect 1, expand 2, contract 0.5, shrink 0.5) with restarts.
/// Derivative-free, because a row's prediction switches between candidate configurations as the profile moves, which makes
/// the loss continuous but not smooth. Bounds are handled by the caller's transform (logit / log space).
/// </summary>
internal static class NelderMead
{
    public static (double[] X, double F, int Evaluations) Minimize(
        Func<double[], double> f, double[] start, double step, int maxEvaluations, int restarts, double tolerance = 1e-7)
    {
        var best = (double[])start.Clone();
        double bestF = f(best);
        int evaluations = 1;
        for (int round = 0; round <= restarts && evaluations < maxEvaluations; round++)
        {
            var (x, fx, used) = Run(f, best, bestF, step, maxEvaluations - evaluations, tolerance);
            evaluations += used;
            bool improved = fx < bestF - tolerance;
            if (fx <= bestF)
            {
                best = x;
                bestF = fx;
            }

            if (!improved && round > 0)
            {
                break;
            }
        }

        return (best, bestF, evaluations);
    }

    private static (double[] X, double F, int Evaluations) Run(Func<double[], double> f, double[] start, double startF, double step, int budget, double tolerance)
    {
        int n = start.Length;
        var points = new double[n + 1][];
        var values = new double[n + 1];
        points[0] = (double[])start.Clone();
        values[0] = startF;
        int evaluations = 0;
        for (int i = 0; i < n; i++)
        {
            var p = (double[])start.Clone();
            p[i] += step;
            points[i + 1] = p;
            values[i + 1] = f(p);
            evaluations++;
        }

        var order = new int[n + 1];
        while (evaluations < budget)
        {
            for (int i = 0; i <= n; i++)
            {
                order[i] = i;
            }

            Array.Sort(order, (a, b) => values[a].CompareTo(values[b]));
            int best = order[0], worst = order[n], second = order[n - 1];
            if (Math.Abs(values[worst] - values[best]) <= tolerance * (Math.Abs(values[best]) + 1e-12))
            {
                break;
            }

            var centroid = new double[n];
            for (int i = 0; i < n; i++)
            {
                foreach (int k in order.AsSpan(0, n))
                {
                    centroid[i] += points[k][i] / n;
                }
            }

            double[] Along(double t) => [.. centroid.Select((c, i) => c + (t * (points[worst][i] - c)))];

            var reflected = Along(-1);
            double fr = f(reflected);
            evaluations++;
            if (fr < values[best])
            {
                var expanded = Along(-2);
                double fe = f(expanded);
                evaluations++;
                (points[worst], values[worst]) = fe < fr ? (expanded, fe) : (reflected, fr);
                continue;
            }

            if (fr < values[second])
            {
                (points[worst], values[worst]) = (reflected, fr);
                continue;
            }

            var contracted = fr < values[worst] ? Along(-0.5) : Along(0.5);
            double fc = f(contracted);
            evaluations++;
            if (fc < Math.Min(fr, values[worst]))
            {
                (points[worst], values[worst]) = (contracted, fc);
                continue;
            }

            foreach (int k in order.AsSpan(1, n))
            {
                points[k] = [.. points[k].Select((v, i) => points[best][i] + (0.5 * (v - points[best][i])))];
                values[k] = f(points[k]);
                evaluations++;
            }
        }

        int arg = 0;
        for (int i = 1; i <= n; i++)
        {
            arg = values[i] < values[arg] ? i : arg;
        }

        return (points[arg], values[arg], evaluations);
    }
}
