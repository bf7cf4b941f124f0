using System.Reflection;
using ILGPU;
using ILGPU.Backends;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.OpenCL;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;
using TokenKernels.Kernels;
using Xunit;

namespace TokenKernels.Tests.Engine;

/// <summary>
/// Every kernel compiles to PTX for an SM_90 backend (H100/H200) and to OpenCL C, without a GPU: ILGPU's backends generate code
/// from the IR alone, so a kernel that uses something a device cannot run fails here, in CI, not on the user's GPU.
/// </summary>
public sealed class KernelCodegenTests(CodegenBackends backends) : IClassFixture<CodegenBackends>
{

    public static TheoryData<string> Kernels()
    {
        var data = new TheoryData<string>();
        foreach (var m in typeof(SweepKernels).GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
        {
            data.Add(m.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Kernel_CompilesToPtxForSm90(string kernel)
    {
        var compiled = (PTXCompiledKernel)backends.Ptx.Compile(Entry(kernel), default);

        // ILGPU 1.5.3 writes ".target sm_80" for an SM_90 backend; the driver JIT-compiles sm_80 PTX for sm_90.
        Assert.Contains(".target sm_", compiled.PTXAssembly, StringComparison.Ordinal);
        Assert.Contains(".entry", compiled.PTXAssembly, StringComparison.Ordinal);

        // Double precision stays double: the physics must not be silently narrowed to fp32.
        Assert.Contains(".f64", compiled.PTXAssembly, StringComparison.Ordinal);

        // exp/log are KernelMath's arithmetic: no call into a math library (ILGPU.Algorithms' CORDIC, libdevice) and no
        // approximate instructions (ex2.approx, lg2.approx), so the device runs what the CPU tests run.
        Assert.DoesNotContain("call", compiled.PTXAssembly, StringComparison.Ordinal);
        Assert.DoesNotContain(".approx", compiled.PTXAssembly, StringComparison.Ordinal);
        Assert.DoesNotContain("Cordic", compiled.PTXAssembly, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Kernel_CompilesToOpenClC(string kernel)
    {
        var compiled = (CLCompiledKernel)backends.OpenCl.Compile(Entry(kernel), default);

        Assert.Contains("kernel", compiled.Source, StringComparison.Ordinal);
        Assert.Contains("double", compiled.Source, StringComparison.Ordinal);

        // No built-in exp/log/pow of the OpenCL driver: KernelMath's arithmetic instead.
        Assert.DoesNotMatch(@"\b(exp|log|pow|native_exp|native_log)\s*\(", compiled.Source);
    }

    private static EntryPointDescription Entry(string kernel) =>
        EntryPointDescription.FromImplicitlyGroupedKernel(typeof(SweepKernels).GetMethod(kernel, BindingFlags.Public | BindingFlags.Static)!);
}

/// <summary>One ILGPU context and one backend per target for all codegen tests (creating them takes seconds).</summary>
public sealed class CodegenBackends : IDisposable
{
    private readonly Context _context = Context.Create(b => b.Math(MathMode.Default));

    public CodegenBackends()
    {
        Ptx = new PTXBackend(_context, new CudaCapabilityContext(CudaArchitecture.SM_90), CudaArchitecture.SM_90, CudaInstructionSet.ISA_83, null);
        var capabilities = new CLCapabilityContext(float16: false, float64: true, int64_Atomics: true, subGroups: false, genericAddressSpace: false);
        OpenCl = new CLBackend(_context, capabilities, CLDeviceVendor.Other, CLCVersion.CL20);
    }

    public PTXBackend Ptx { get; }

    public CLBackend OpenCl { get; }

    public void Dispose()
    {
        Ptx.Dispose();
        OpenCl.Dispose();
        _context.Dispose();
    }
}
