using TokenKernels.Packing;

namespace TokenKernels.Physics;

/// <summary>Collective times over scale-up (inside the NVLink / Infinity Fabric domain) or scale-out links.</summary>
internal static class Communication
{
    /// <summary>
    /// Ring all-reduce of <paramref name="messageBytes"/> over <paramref name="groupGpus"/> GPUs:
    /// 2 (n-1)/n x bytes / (link x efficiency) + one collective latency. Zero for a group of one.
    /// The group uses scale-up links while it fits in one domain, else scale-out.
    /// </summary>
    public static double AllReduceSeconds(in PackedHardware hw, in PackedProfile p, double groupGpus, double messageBytes)
    {
        if (groupGpus <= 1)
        {
            return 0;
        }

        bool scaleUp = groupGpus <= hw.ScaleUpDomainGpus;
        double link = (scaleUp ? hw.ScaleUpBytesPerSecond : hw.ScaleOutBytesPerSecond) * p.CollectiveEfficiency;
        double latency = scaleUp ? p.ScaleUpLatencySeconds : p.ScaleOutLatencySeconds;
        return (2.0 * (groupGpus - 1) / groupGpus * messageBytes / link) + latency;
    }

    /// <summary>
    /// One MoE all-to-all (dispatch or combine) for <paramref name="tokensPerGpu"/> tokens, each sent to k experts spread over
    /// an EP group of <paramref name="groupGpus"/> GPUs, <paramref name="bytesPerCopy"/> per copy.
    /// Inside one domain: k x (n-1)/n copies leave each GPU over scale-up. Across D domains, routing is node-limited
    /// (DeepEP): a token crosses scale-out once per remote domain it touches, D (1 - (1 - 1/D)^k) x (D-1)/D on average,
    /// and is forwarded to its experts over scale-up; the slower of the two links sets the time.
    /// </summary>
    public static double AllToAllSeconds(in PackedHardware hw, in PackedProfile p, double groupGpus, double tokensPerGpu, double expertsPerToken, double bytesPerCopy)
    {
        if (groupGpus <= 1 || tokensPerGpu <= 0)
        {
            return 0;
        }

        double k = expertsPerToken;
        double up = hw.ScaleUpBytesPerSecond * p.CollectiveEfficiency;
        if (groupGpus <= hw.ScaleUpDomainGpus)
        {
            double copies = k * (groupGpus - 1) / groupGpus;
            return (tokensPerGpu * copies * bytesPerCopy / up) + p.ScaleUpLatencySeconds;
        }

        double domains = Math.Ceiling(groupGpus / hw.ScaleUpDomainGpus);
        double remoteDomains = domains * (1.0 - Math.Pow(1.0 - (1.0 / domains), k)) * (domains - 1) / domains;
        double outTime = tokensPerGpu * remoteDomains * bytesPerCopy / (hw.ScaleOutBytesPerSecond * p.CollectiveEfficiency);
        double upTime = tokensPerGpu * k * bytesPerCopy / up;
        return Math.Max(outTime, upTime) + p.ScaleOutLatencySeconds;
    }

    /// <summary>Point-to-point send between pipeline stages (activations of the tokens in flight).</summary>
    public static double PipelineSendSeconds(in PackedHardware hw, in PackedProfile p, double gpus, double bytes)
    {
        bool scaleUp = gpus <= hw.ScaleUpDomainGpus;
        double link = (scaleUp ? hw.ScaleUpBytesPerSecond : hw.ScaleOutBytesPerSecond) * p.CollectiveEfficiency;
        return (bytes / link) + (scaleUp ? p.ScaleUpLatencySeconds : p.ScaleOutLatencySeconds);
    }
}
