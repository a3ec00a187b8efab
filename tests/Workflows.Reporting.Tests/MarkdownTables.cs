using System.Text;

namespace Workflows.Reporting.Tests;

/// <summary>Reads the tables of a markdown document: each with the heading it sits under, its columns and its cells (unescaped).</summary>
internal static class MarkdownTables
{
    public sealed record Table(string Heading, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows)
    {
        public IReadOnlyList<string> Column(string name) => [.. Rows.Select(row => row[IndexOf(name)])];

        private int IndexOf(string name) => Columns.ToList().IndexOf(name) is var index and >= 0 ? index : throw new KeyNotFoundException(name);
    }

    public static IReadOnlyList<Table> Parse(string markdown)
    {
        var tables = new List<Table>();
        string heading = "";
        var lines = markdown.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        for (int i = 0; i < lines.Count; i++)
        {
            if (lines[i].StartsWith("## ", StringComparison.Ordinal))
            {
                heading = Cells($"| {lines[i][3..]} |")[0];
            }
            else if (lines[i].StartsWith('|'))
            {
                var columns = Cells(lines[i]);
                Assert.All(Cells(lines[i + 1]), separator => Assert.Equal("---", separator));
                var rows = new List<IReadOnlyList<string>>();
                for (i += 2; i < lines.Count && lines[i].StartsWith('|'); i++)
                {
                    var row = Cells(lines[i]);
                    Assert.Equal(columns.Count, row.Count);
                    rows.Add(row);
                }

                tables.Add(new Table(heading, columns, rows));
            }
        }

        return tables;
    }

    /// <summary>Splits <c>| a | b\| c |</c> on unescaped bars and drops the escapes.</summary>
    private static List<string> Cells(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        for (int i = 1; i < line.Length; i++)
        {
            if (line[i] == '\\' && i + 1 < line.Length)
            {
                cell.Append(line[++i]);
            }
            else if (line[i] == '|')
            {
                cells.Add(cell.ToString().Trim());
                cell.Clear();
            }
            else
            {
                cell.Append(line[i]);
            }
        }

        return cells;
    }
}
