namespace TokenKernels;

/// <summary>One request of a trace: when it arrives and its lengths.</summary>
/// <param name="ArrivalSeconds">Arrival time in seconds from the start of the trace.</param>
/// <param name="InputTokens">Prompt tokens.</param>
/// <param name="OutputTokens">Generated tokens.</param>
public readonly record struct TraceRequest(double ArrivalSeconds, int InputTokens, int OutputTokens);
