using System.Globalization;

namespace Workflows.Cosmology.Synthetic;

/// <summary>
/// Checks a halo catalogue against its box before the HOD baseline uses it: finite positions inside [0, L] (L wraps),
/// positive finite masses and non-negative finite radii. Each problem names the file, the dataset and the row; at most
/// <c>maxErrors</c> are listed, then how many more there are.
/// </summary>
public static class HaloCatalogueValidator
{
    public static IReadOnlyList<string> Validate(HaloCatalogue halos, double boxSize, string sourceName, int maxErrors = 10)
    {
        var errors = new List<string>();
        for (int h = 0; h < halos.Count; h++)
        {
            float x = halos.Positions[3 * h], y = halos.Positions[3 * h + 1], z = halos.Positions[3 * h + 2];
            if (!float.IsFinite(x) || !float.IsFinite(y) || !float.IsFinite(z))
                errors.Add(Problem(HaloCatalogueFile.PositionsDataset, h, $"position ({x}, {y}, {z}) is not finite"));
            else if (!Inside(x) || !Inside(y) || !Inside(z))
                errors.Add(Problem(HaloCatalogueFile.PositionsDataset, h, $"position ({x}, {y}, {z}) lies outside the box [0, {boxSize}]"));

            double mass = halos.Mass[h];
            if (!double.IsFinite(mass))
                errors.Add(Problem(HaloCatalogueFile.MassDataset, h, $"mass {mass} is not finite"));
            else if (mass <= 0)
                errors.Add(Problem(HaloCatalogueFile.MassDataset, h, $"mass {mass} is {(mass < 0 ? "negative" : "zero")}"));

            double radius = halos.Radius[h];
            if (!double.IsFinite(radius) || radius < 0)
                errors.Add(Problem(HaloCatalogueFile.RadiusDataset, h, $"radius {radius} is {(double.IsFinite(radius) ? "negative" : "not finite")}"));
        }

        return errors.Count <= maxErrors
            ? errors
            : [.. errors.Take(maxErrors), $"{sourceName}: {errors.Count - maxErrors} more halo problem(s)"];

        bool Inside(float coordinate) => coordinate >= 0 && coordinate <= boxSize;
        string Problem(string dataset, int row, FormattableString problem) =>
            $"{sourceName}:{dataset}[row {row}]: {problem.ToString(CultureInfo.InvariantCulture)}";
    }
}
