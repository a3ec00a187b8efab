using Microsoft.Extensions.Logging;

namespace Workflows.Cosmology;

/// <summary>Source-generated log messages of the cosmology engine (event ids 4000–4099).</summary>
internal static partial class Log
{
    [LoggerMessage(4000, LogLevel.Information, "Cut tile row {Row} of {Rows} ({Tiles} tiles written so far)")]
    public static partial void CutRow(this ILogger logger, int row, int rows, int tiles);

    [LoggerMessage(4001, LogLevel.Information, "Stitched slab {Row} of {Rows}")]
    public static partial void StitchedSlab(this ILogger logger, int row, int rows);

    [LoggerMessage(4010, LogLevel.Information, "{Phase} epoch {Epoch}: train loss {TrainLoss:F5}, validation loss {ValidationLoss:F5}, lr {LearningRate}")]
    public static partial void Epoch(this ILogger logger, string phase, int epoch, double trainLoss, double validationLoss, double learningRate);

    [LoggerMessage(4020, LogLevel.Information, "Predicted tile {Tile}")]
    public static partial void PredictedTile(this ILogger logger, string tile);
}
