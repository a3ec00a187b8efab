using TorchSharp;
using Workflows.Cosmology.Grids;
using static TorchSharp.torch;

namespace Workflows.Cosmology.Spectra;

/// <summary>
/// Power spectrum of δ = ρ/ρ̄ − 1 with P = |F|²·L³/N⁶ (F the unnormalised DFT). Works in float32 on the given
/// device, one field at a time: peak memory ≈ 4 × the field (copy, δ, its rfft, per-mode power), ~0.3 GB at 256³.
/// </summary>
public static class PowerSpectrum
{
    public static PowerSpectrumResult Measure(VoxelGrid field, double boxSize, PowerSpectrumOptions? options = null, Device? device = null)
    {
        options ??= PowerSpectrumOptions.Default;
        int n = CheckField(field, options, nameof(field));
        float[] modePower;
        using (NewDisposeScope())
        {
            var f = Transform(field, options, device ?? CPU);
            modePower = (f.real.square() + f.imag.square()).cpu().data<float>().ToArray();
        }
        return Bin(modePower, field, boxSize, n, options);
    }

    public static CrossSpectrumResult MeasureCross(VoxelGrid a, VoxelGrid b, double boxSize, PowerSpectrumOptions? options = null, Device? device = null)
    {
        options ??= PowerSpectrumOptions.Default;
        int n = CheckField(a, options, nameof(a));
        if (b.Shape != a.Shape) throw new ArgumentException($"Grids differ in shape: {a.Shape} vs {b.Shape}.", nameof(b));
        float[] powerA, powerB, cross;
        using (NewDisposeScope())
        {
            var fa = Transform(a, options, device ?? CPU);
            var fb = Transform(b, options, device ?? CPU);
            powerA = (fa.real.square() + fa.imag.square()).cpu().data<float>().ToArray();
            powerB = (fb.real.square() + fb.imag.square()).cpu().data<float>().ToArray();
            cross = (fa.real * fb.real + fa.imag * fb.imag).cpu().data<float>().ToArray();
        }
        var resultA = Bin(powerA, a, boxSize, n, options);
        var resultB = Bin(powerB, b, boxSize, n, options);
        var crossResult = Bin(cross, a, boxSize, n, options);
        return new CrossSpectrumResult(resultA, resultB, crossResult.Power);
    }

    private static int CheckField(VoxelGrid field, PowerSpectrumOptions options, string name)
    {
        var s = field.Shape;
        if (!s.IsCubic) throw new ArgumentException($"P(k) needs a cubic grid, found {s}.", name);
        if (s.Nx % 2 != 0 || s.Nx < 4) throw new ArgumentException($"P(k) needs an even grid size ≥ 4, found {s.Nx}.", name);
        if (!options.Periodic && !options.PaperMode)
            throw new ArgumentException("A non-periodic cut-out can only be measured in paper-compatible mode.", name);
        return s.Nx;
    }

    private static Tensor Transform(VoxelGrid field, PowerSpectrumOptions options, Device device)
    {
        var n = field.Shape.Nx;
        var delta = torch.tensor(field.Data, [n, n, n], ScalarType.Float32, device);
        if (!options.InputIsOverdensity)
        {
            double mean = field.Sum() / field.Shape.VoxelCount;
            if (mean == 0) throw new ArgumentException("The field's mean is zero, so δ = ρ/ρ̄ − 1 is undefined.", nameof(field));
            delta.div_(mean).sub_(1.0);
        }
        return fft.rfftn(delta);
    }

    private static PowerSpectrumResult Bin(float[] modePower, VoxelGrid field, double boxSize, int n, PowerSpectrumOptions options)
    {
        var window = options.PaperMode ? null : options.DeconvolveWindow;
        var (meanNorm, meanPower, count) = ShellBinning.Accumulate(modePower, n, window);
        double kf = 2 * Math.PI / boxSize;
        double normalisation = Math.Pow(boxSize, 3) / Math.Pow(n, 6);
        var k = options.PaperMode
            ? Enumerable.Range(1, meanNorm.Length).Select(m => kf * (m + 0.5)).ToArray()
            : meanNorm.Select(norm => kf * norm).ToArray();
        var power = meanPower.Select(p => p * normalisation).ToArray();
        double total = field.Sum();
        double shotNoise = !options.InputIsOverdensity && total > 0 ? Math.Pow(boxSize, 3) / total : double.NaN;
        return new PowerSpectrumResult(boxSize, n, k, power, count, shotNoise, options.PaperMode);
    }
}
