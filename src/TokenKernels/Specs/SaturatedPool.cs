namespace TokenKernels;

/// <summary>
/// The queue that cannot keep up at the rate a point reports: its utilisation is 100 %, so requests would wait without
/// bound and no finite time to first token exists (<see cref="ServingPoint.Ttft"/> is infinite).
/// </summary>
public enum SaturatedPool
{
    /// <summary>Every queue keeps up.</summary>
    None = 0,

    /// <summary>Disaggregated: the prefill pool is 100 % busy and sets the request rate; prompts queue for it.</summary>
    Prefill = 1,

    /// <summary>Disaggregated: the decode pool's batch slots are all taken at the offered rate.</summary>
    Decode = 2,

    /// <summary>Colocated: the instance's batch slots are all taken at the offered rate.</summary>
    Instance = 3,
}
