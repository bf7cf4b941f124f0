namespace TokenKernels.Engine;

/// <summary>
/// One value of a grid's GPU-pool axis (<see cref="SweepAxis.Gpus"/>): a colocated instance of <see cref="Gpus"/> GPUs, or
/// disaggregated prefill and decode pools (<see cref="Gpus"/> = prefill + decode) whose decode pool runs
/// <see cref="DecodeInstances"/> identical instances, the prefill pool laid out as <see cref="PrefillTp"/> and
/// <see cref="PrefillEp"/> (0 = the default rule of <see cref="Physics.ServingModel.PrefillLayout"/>).
/// </summary>
internal readonly record struct GridPool(int Gpus, bool Disaggregated, int PrefillGpus, int DecodeGpus, int DecodeInstances, int PrefillTp = 0, int PrefillEp = 0)
{
    /// <summary>Integers each pool takes in a grid's integer table: gpus, disaggregated (0/1), prefill, decode, instances, prefill tp, prefill ep.</summary>
    public const int Ints = 7;

    /// <summary>GPUs of one decode instance (the whole instance when colocated); 0 when the instances do not divide the decode pool.</summary>
    public int InstanceGpus => !Disaggregated ? Gpus : DecodeGpus % DecodeInstances == 0 ? DecodeGpus / DecodeInstances : 0;
}
