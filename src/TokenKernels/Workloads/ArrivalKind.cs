namespace TokenKernels;

/// <summary>How requests arrive at a replica.</summary>
public enum ArrivalKind
{
    /// <summary>Open loop: exponential inter-arrival times at a rate.</summary>
    Poisson,

    /// <summary>Open loop: gamma inter-arrival times at a rate with a coefficient of variation (above 1 = bursty).</summary>
    Gamma,

    /// <summary>Closed loop: a fixed number of requests in the system; a finished request is replaced at once.</summary>
    ClosedLoop,

    /// <summary>The arrival times of a recorded trace.</summary>
    Trace,
}
