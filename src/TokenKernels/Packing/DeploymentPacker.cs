namespace TokenKernels.Packing;

/// <summary>Checks a <see cref="Deployment"/> and <see cref="Workload"/> and resolves defaults into a <see cref="PackedDeployment"/>.</summary>
internal static class DeploymentPacker
{
    /// <exception cref="ArgumentException">A value is out of range; the message and ParamName name it.</exception>
    public static PackedDeployment Pack(Deployment d, Workload w, in PackedHardware hardware)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(w);
        w.Validate();
        AtLeast(d.Gpus, 1, nameof(Deployment.Gpus));
        AtLeast(d.Tp, 0, nameof(Deployment.Tp));
        AtLeast(d.Ep, 1, nameof(Deployment.Ep));
        AtLeast(d.Dp, 1, nameof(Deployment.Dp));
        AtLeast(d.Pp, 1, nameof(Deployment.Pp));
        AtLeast(d.Batch, 1, nameof(Deployment.Batch));
        AtLeast(d.MtpDraftTokens, 0, nameof(Deployment.MtpDraftTokens));
        AtLeast(d.PrefillChunkTokens, 1, nameof(Deployment.PrefillChunkTokens));
        AtLeast(d.DecodeInstances, 1, nameof(Deployment.DecodeInstances));
        Defined(d.Weights, nameof(Deployment.Weights));
        Defined(d.KvCache, nameof(Deployment.KvCache));
        AtLeast(d.PrefillTp, 0, nameof(Deployment.PrefillTp));
        AtLeast(d.PrefillEp, 0, nameof(Deployment.PrefillEp));
        if (d.DecodeInstances > 1 && !(d.Disaggregated && d.DecodeGpus % d.DecodeInstances == 0))
        {
            throw new ArgumentException(
                $"DecodeInstances ({d.DecodeInstances}) needs a disaggregated deployment whose DecodeGpus ({d.DecodeGpus}) it divides.",
                nameof(Deployment.DecodeInstances));
        }
        if (!(d.MtpAcceptanceLength >= 1 && d.MtpAcceptanceLength <= 1 + d.MtpDraftTokens))
        {
            throw new ArgumentException(
                $"MtpAcceptanceLength must be between 1 and 1 + MtpDraftTokens = {1 + d.MtpDraftTokens} (was {d.MtpAcceptanceLength}).",
                nameof(Deployment.MtpAcceptanceLength));
        }

        if (d.Disaggregated)
        {
            AtLeast(d.PrefillGpus, 1, nameof(Deployment.PrefillGpus));
            AtLeast(d.DecodeGpus, 1, nameof(Deployment.DecodeGpus));
            if (d.Gpus != d.PrefillGpus + d.DecodeGpus)
            {
                throw new ArgumentException(
                    $"Gpus ({d.Gpus}) must equal PrefillGpus + DecodeGpus ({d.PrefillGpus} + {d.DecodeGpus}) when disaggregated.",
                    nameof(Deployment.Gpus));
            }
        }

        int instance = d.DecodeInstanceGpus;
        int tp = d.ResolvedTp;
        return new PackedDeployment
        {
            InstanceGpus = instance,
            Tp = tp,
            Ep = d.Ep,
            Dp = d.Dp,
            Pp = d.Pp,
            Disaggregated = d.Disaggregated ? 1 : 0,
            PrefillGpus = d.Disaggregated ? d.PrefillGpus : 0,
            DecodeGpus = d.Disaggregated ? d.DecodeGpus : 0,
            PrefillTp = d.Disaggregated ? d.PrefillTp : 0,
            PrefillEp = d.Disaggregated ? d.PrefillEp : 0,
            WeightPrecision = d.Weights,
            KvPrecision = d.KvCache,
            Batch = d.Batch,
            InputTokens = w.InputTokens,
            OutputTokens = w.OutputTokens,
            PrefixCacheHit = w.PrefixCacheHit,
            MtpDraftTokens = d.MtpDraftTokens,
            MtpAcceptanceLength = d.MtpAcceptanceLength,
            PrefillChunkTokens = d.PrefillChunkTokens,
            Eager = d.CudaGraphs ? 0 : 1,
            AdpBalance = d.AttentionDpBalance ? 1 : 0,
            Fp8Attention = d.Fp8Attention ? 1 : 0,
            UsdPerGpuHour = hardware.UsdPerGpuHour,
            Load = w.Load,
        };
    }

    private static void AtLeast(int value, int minimum, string name)
    {
        if (value < minimum)
        {
            throw new ArgumentException($"{name} must be at least {minimum} (was {value}).", name);
        }
    }

    /// <summary>An undefined precision (a cast integer) is an input error here; the kernel-safe physics cannot throw.</summary>
    private static void Defined(Precision value, string name)
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentException($"{name} is not a known precision (was {(int)value}); expected bf16, fp8 or fp4.", name);
        }
    }
}
