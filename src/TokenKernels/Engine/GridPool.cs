namespace TokenKernels.Engine;

/// <summary>
/// One value of a grid's GPU-pool axis (<see cref="SweepAxis.Gpus"/>): a colocated instance of <see cref="Gpus"/> GPUs, or
/// disaggregated prefill and decode pools (<see cref="Gpus"/> = prefill + decode) whose decode pool runs
/// <see cref="DecodeInstances"/> identical instances.
/// </summary>
internal readonly record struct GridPool(int Gpus, bool Disaggregated, int PrefillGpus, int DecodeGpus, int DecodeInstances)
{
    /// <summary>Integers each pool takes in a grid's integer table: gpus, disaggregated (0/1), prefill, decode, instances.</summary>
    public const int Ints = 5;

    /// <summary>GPUs of one decode instance (the whole instance when colocated); 0 when the instances do not divide the decode pool.</summary>
    public int InstanceGpus => !Disaggregated ? Gpus : DecodeGpus % DecodeInstances == 0 ? DecodeGpus / DecodeInstances : 0;
}
