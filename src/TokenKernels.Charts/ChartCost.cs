namespace TokenKernels;

/// <summary>Which $/Mtok a cost chart shows.</summary>
public enum ChartCost
{
    /// <summary>$ per million input + output tokens (InferenceX convention, <see cref="ServingPoint.UsdPerMtokTotal"/>).</summary>
    Total,

    /// <summary>$ per million output tokens (decode GPU time, <see cref="ServingPoint.UsdPerMtokOutput"/>).</summary>
    Output,

    /// <summary>$ per million input tokens (prefill GPU time, <see cref="ServingPoint.UsdPerMtokInput"/>).</summary>
    Input,
}
