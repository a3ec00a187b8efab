using System.Text.RegularExpressions;

namespace Workflows.Reporting.Tests;

/// <summary>The texts an SVG plot draws (titles, axis labels, tick labels, legend entries), trimmed, in document order.</summary>
internal static partial class SvgTexts
{
    public static IReadOnlyList<string> Read(string svg) => [.. TextElement().Matches(svg).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value.Trim()))];

    [GeneratedRegex(@"<text[^>]*>(.*?)</text>", RegexOptions.Singleline)]
    private static partial Regex TextElement();
}
