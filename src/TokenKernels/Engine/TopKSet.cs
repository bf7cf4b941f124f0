namespace TokenKernels.Engine;

/// <summary>The k best (value, index) pairs: better value first, then lower index. Bounded memory: O(k).</summary>
internal sealed class TopKSet(int k, bool higherIsBetter)
{
    // The heap's root is the worst kept entry, so a newcomer is compared with it once.
    private readonly PriorityQueue<(double Value, long Index), (double Value, long Index)> _heap =
        new(Comparer<(double Value, long Index)>.Create((a, b) => Compare(b, a, higherIsBetter)));

    public int K { get; } = k;

    public bool HigherIsBetter { get; } = higherIsBetter;

    public void Add(double value, long index)
    {
        if (K == 0)
        {
            return;
        }

        if (_heap.Count < K)
        {
            _heap.Enqueue((value, index), (value, index));
            return;
        }

        var worst = _heap.Peek();
        if (Compare((value, index), worst, HigherIsBetter) < 0)
        {
            _heap.DequeueEnqueue((value, index), (value, index));
        }
    }

    public void AddAll(TopKSet other)
    {
        foreach (var (e, _) in other._heap.UnorderedItems)
        {
            Add(e.Value, e.Index);
        }
    }

    /// <summary>The kept entries, best first.</summary>
    public List<(double Value, long Index)> Sorted()
    {
        var list = _heap.UnorderedItems.Select(x => x.Element).ToList();
        list.Sort((a, b) => Compare(a, b, HigherIsBetter));
        return list;
    }

    /// <summary>Negative when <paramref name="a"/> ranks before <paramref name="b"/>.</summary>
    public static int Compare((double Value, long Index) a, (double Value, long Index) b, bool higherIsBetter)
    {
        int byValue = higherIsBetter ? b.Value.CompareTo(a.Value) : a.Value.CompareTo(b.Value);
        return byValue != 0 ? byValue : a.Index.CompareTo(b.Index);
    }
}
