namespace TokenKernels.Traffic;

/// <summary>What one replica run returns besides its request records (blittable).</summary>
internal struct ReplicaSummary
{
    /// <summary>Simulated time at the last completion (seconds).</summary>
    public double EndSeconds;

    /// <summary>Integral of requests in the system over time (request-seconds), counted by the event loop.</summary>
    public double InSystemSeconds;

    /// <summary>Integral of KV tokens held over time (token-seconds).</summary>
    public double KvTokenSeconds;
    public double Preemptions;
    public double Completed;

    /// <summary>Decode token steps simulated.</summary>
    public double DecodeSteps;

    /// <summary>Events (loop iterations) processed.</summary>
    public double Events;

    /// <summary>0 = ran to the end; 1 = a request can never fit the KV cache; 2 = the event budget ran out.</summary>
    public int Failure;
}
