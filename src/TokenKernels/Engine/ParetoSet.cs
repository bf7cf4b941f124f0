namespace TokenKernels.Engine;

/// <summary>
/// The exact Pareto frontier of points (u = tok/s/user, t = output tok/s/GPU), both maximized, kept incrementally:
/// sorted by u ascending with t strictly descending. A point is on it unless another has u and t at least as large,
/// one of them larger; of exact duplicates the lowest index stays, so the result does not depend on arrival order.
/// </summary>
internal sealed class ParetoSet
{
    private readonly List<double> _u = [];
    private readonly List<double> _t = [];
    private readonly List<long> _index = [];

    /// <summary>Where the last search ended: a sweep's next point (the next batch) usually lands at the same place.</summary>
    private int _hint;

    /// <summary>The point that last rejected one in <see cref="Takes"/> (none at first: u and t below every point's).</summary>
    private double _lastU = double.NegativeInfinity;
    private double _lastT = double.NegativeInfinity;
    private long _lastIndex = long.MaxValue;

    public int Count => _u.Count;

    public double U(int i) => _u[i];

    public double T(int i) => _t[i];

    public long Index(int i) => _index[i];

    /// <summary>Whether <see cref="Add"/> would keep the point (false: another point dominates it or duplicates it at a lower index).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool Takes(double u, double t, long index) =>

        // The point that rejected the last one usually rejects the next (the next batch of the same layout). It may have
        // left the set since, but only for a point that dominates it, and so this one too. Inlined into the sweep's loop;
        // the search is not.
        !(u <= _lastU && t <= _lastT && (u < _lastU || t < _lastT || index > _lastIndex)) && Searches(u, t, index);

    /// <summary><see cref="Takes"/> past the last rejecting point: a binary search.</summary>
    private bool Searches(double u, double t, long index)
    {
        int pos = LowerBound(u);
        if (pos < _u.Count && _t[pos] >= t && !(_u[pos] == u && _t[pos] == t && index < _index[pos]))
        {
            (_lastU, _lastT, _lastIndex) = (_u[pos], _t[pos], _index[pos]);
            return false;
        }

        return true;
    }

    /// <summary>Adds a point; returns whether it is (for now) on the frontier. O(log n) when it is dominated.</summary>
    public bool Add(double u, double t, long index)
    {
        int pos = LowerBound(u);
        if (pos < _u.Count && _t[pos] >= t)
        {
            if (_u[pos] == u && _t[pos] == t && index < _index[pos])
            {
                _index[pos] = index;
                return true;
            }

            return false;
        }

        // Not dominated: drop the points it dominates, the run just below pos with t <= new t (and pos itself at equal u).
        int end = pos < _u.Count && _u[pos] == u ? pos + 1 : pos;
        int start = pos;
        while (start > 0 && _t[start - 1] <= t)
        {
            start--;
        }

        int removed = end - start;
        if (removed > 0)
        {
            _u.RemoveRange(start, removed);
            _t.RemoveRange(start, removed);
            _index.RemoveRange(start, removed);
        }

        _u.Insert(start, u);
        _t.Insert(start, t);
        _index.Insert(start, index);
        return true;
    }

    public void AddAll(ParetoSet other)
    {
        for (int i = 0; i < other.Count; i++)
        {
            Add(other._u[i], other._t[i], other._index[i]);
        }
    }

    /// <summary>First position whose u is at least <paramref name="u"/>.</summary>
    private int LowerBound(double u)
    {
        var us = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_u);
        int h = _hint;
        if (h <= us.Length && (h == 0 || us[h - 1] < u) && (h == us.Length || us[h] >= u))
        {
            return h;
        }

        int lo = 0, hi = us.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (us[mid] < u)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        _hint = lo;
        return lo;
    }
}
