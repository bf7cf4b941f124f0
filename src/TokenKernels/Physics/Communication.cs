using TokenKernels.Packing;

namespace TokenKernels.Physics;

/// <summary>
/// Collective times over scale-up (inside the NVLink / Infinity Fabric domain) or scale-out links. Every collective is
/// linear in what it moves: time = seconds per byte x bytes + a fixed latency, so a forward step can keep the two apart.
/// </summary>
internal static class Communication
{
    /// <summary>Seconds per byte on the link a group of <paramref name="groupGpus"/> uses: scale-up while it fits in one domain.</summary>
    public static double LinkSecondsPerByte(in PackedHardware hw, in PackedProfile p, double groupGpus) =>
        1.0 / ((groupGpus <= hw.ScaleUpDomainGpus ? hw.ScaleUpBytesPerSecond : hw.ScaleOutBytesPerSecond) * Efficiency(hw, p));

    /// <summary>
    /// Share of link bandwidth collectives reach: the profile's <see cref="PackedProfile.CollectiveEfficiency"/>, times
    /// <see cref="PackedProfile.RocmCollectiveScale"/> on a ROCm stack (RCCL and MoRI over Infinity Fabric).
    /// </summary>
    public static double Efficiency(in PackedHardware hw, in PackedProfile p) =>
        p.CollectiveEfficiency * (hw.Stack == (int)SoftwarePlatform.Rocm || hw.Stack == (int)SoftwarePlatform.RocmAiter ? p.RocmCollectiveScale : 1.0);

    /// <summary>Fixed latency of one collective over a group; zero for a group of one.</summary>
    public static double CollectiveLatency(in PackedHardware hw, in PackedProfile p, double groupGpus)
    {
        if (groupGpus <= 1)
        {
            return 0;
        }

        return groupGpus <= hw.ScaleUpDomainGpus ? p.ScaleUpLatencySeconds : p.ScaleOutLatencySeconds;
    }

    /// <summary>
    /// Fixed time of one MoE all-to-all pair (dispatch and combine) over an EP group of <paramref name="groupGpus"/> GPUs:
    /// inside one scale-up domain the profile's <see cref="PackedProfile.AllToAllLatencySeconds"/> (a one-sided NVLink kernel
    /// pair's own latency, measured, not two generic collectives); across domains two scale-out collective latencies.
    /// Zero for a group of one.
    /// </summary>
    public static double AllToAllPairLatency(in PackedHardware hw, in PackedProfile p, double groupGpus)
    {
        if (groupGpus <= 1)
        {
            return 0;
        }

        return groupGpus <= hw.ScaleUpDomainGpus ? p.AllToAllLatencySeconds : 2.0 * p.ScaleOutLatencySeconds;
    }

    /// <summary>Ring all-reduce: 2 (n-1)/n x seconds per byte (each GPU sends and receives that share of the message).</summary>
    public static double AllReduceSecondsPerByte(in PackedHardware hw, in PackedProfile p, double groupGpus) =>
        groupGpus <= 1 ? 0 : 2.0 * (groupGpus - 1) / groupGpus * LinkSecondsPerByte(hw, p, groupGpus);

    /// <summary>
    /// Ring all-reduce of <paramref name="messageBytes"/> over <paramref name="groupGpus"/> GPUs:
    /// 2 (n-1)/n x bytes / (link x efficiency) + one collective latency. Zero for a group of one.
    /// </summary>
    public static double AllReduceSeconds(in PackedHardware hw, in PackedProfile p, double groupGpus, double messageBytes) =>
        groupGpus <= 1 ? 0 : (AllReduceSecondsPerByte(hw, p, groupGpus) * messageBytes) + CollectiveLatency(hw, p, groupGpus);

    /// <summary>
    /// MoE all-to-all (dispatch or combine), seconds per token per byte of one copy, over an EP group of
    /// <paramref name="groupGpus"/> GPUs with each token sent to k experts.
    /// Inside one domain: k x (n-1)/n copies leave each GPU over scale-up. Across D domains:
    /// <list type="bullet">
    /// <item>prefill (high-throughput kernels, <paramref name="nodeLimited"/>): a token crosses scale-out once per remote
    /// domain it touches, D (1 - (1 - 1/D)^k) x (D-1)/D on average, and is forwarded to its experts over scale-up;</item>
    /// <item>decode (low-latency kernels, pure RDMA): each of the k copies whose expert sits in another domain,
    /// k (D-1)/D on average, crosses scale-out on its own.</item>
    /// </list>
    /// The slower of the two links sets the time.
    /// </summary>
    public static double AllToAllSecondsPerTokenByte(in PackedHardware hw, in PackedProfile p, double groupGpus, double expertsPerToken, bool nodeLimited)
    {
        if (groupGpus <= 1)
        {
            return 0;
        }

        double k = expertsPerToken;
        double up = 1.0 / (hw.ScaleUpBytesPerSecond * Efficiency(hw, p));
        if (groupGpus <= hw.ScaleUpDomainGpus)
        {
            return k * (groupGpus - 1) / groupGpus * up;
        }

        double domains = Math.Ceiling(groupGpus / hw.ScaleUpDomainGpus);
        double remoteShare = (domains - 1) / domains;
        double outCopies = nodeLimited ? domains * (1.0 - KernelMath.Pow(1.0 - (1.0 / domains), k)) * remoteShare : k * remoteShare;
        double upCopies = nodeLimited ? k : k * (1.0 - remoteShare);
        return Math.Max(outCopies / (hw.ScaleOutBytesPerSecond * Efficiency(hw, p)), upCopies * up);
    }
}
