using System.CommandLine;

namespace Workflows.Cli;

/// <summary>The arguments and options several commands share, worded alike everywhere.</summary>
internal static class CliArguments
{
    public static Argument<string> RunId() => new("runId") { Description = "The run id `wf submit` printed (`wf runs` lists them)" };

    /// <param name="prints">What <c>--json</c> prints instead of text.</param>
    public static Option<bool> Json(string prints) => new("--json") { Description = $"Print {prints} instead of text, for scripts" };

    /// <summary>
    /// An optional whole-number option within [<paramref name="minimum"/>, <paramref name="maximum"/>]. Its parser reports a
    /// value that is not a number, or out of range, as a parse error naming the option (exit code 1), never as an exception.
    /// </summary>
    public static Option<int?> IntegerBetween(string name, int minimum, int maximum, string description) => new(name)
    {
        Description = description,
        HelpName = "n",
        CustomParser = result =>
        {
            string token = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (int.TryParse(token, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int value) && value >= minimum && value <= maximum)
            {
                return value;
            }

            result.AddError(maximum == int.MaxValue
                ? $"{name} must be a whole number of at least {minimum}, not '{token}'"
                : $"{name} must be a whole number from {minimum} to {maximum}, not '{token}'");
            return null;
        },
    };
}
