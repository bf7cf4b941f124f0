namespace TokenKernels;

/// <summary>One deployment's TTFT against load, drawn as a P50 and a P99 line.</summary>
/// <param name="Label">The legend text ("deepseek-r1 on 8x h200, batch 64").</param>
/// <param name="Points">The loads, in any order.</param>
public sealed record TtftLoadSeries(string Label, IReadOnlyList<TtftAtLoad> Points);
