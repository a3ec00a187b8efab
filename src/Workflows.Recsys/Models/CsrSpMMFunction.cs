using static TorchSharp.torch;

namespace Workflows.Recsys.Models;

/// <summary>
/// Autograd wrapper of <see cref="CsrSpMM"/>: forward Y = A·X, backward dX = Aᵀ·dY (A itself when symmetric).
/// </summary>
internal sealed class CsrSpMMFunction : autograd.SingleTensorFunction<CsrSpMMFunction>
{
    private const string MatrixKey = "matrix";

    public override string Name => nameof(CsrSpMMFunction);

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var matrix = (CsrMatrix)vars[0];
        var dense = (Tensor)vars[1];
        ctx.save_data(MatrixKey, matrix);
        return CsrSpMM.Multiply(matrix, dense);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        var matrix = (CsrMatrix)ctx.get_data(MatrixKey);
        // One gradient per argument of forward; the matrix is a constant and gets none.
        return [null!, CsrSpMM.Multiply(matrix, grad_output)];
    }
}
