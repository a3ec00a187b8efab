using System.Globalization;

namespace Workflows.Recsys.Data;

/// <summary>How to read an interaction table (<c>user,item[,rating][,timestamp]</c>).</summary>
public sealed record InteractionTableOptions
{
    /// <summary>Field separator; <see langword="null"/> picks tab for <c>.tsv</c>/<c>.txt</c> files and files whose first line has a tab, comma otherwise.</summary>
    public char? Separator { get; init; }

    /// <summary>
    /// Whether the first line is a header; <see langword="null"/> detects it: a header's first field starts with
    /// "user" (any case), or its rating/timestamp field is not a number.
    /// </summary>
    public bool? HasHeader { get; init; }

    /// <summary>Keep only rows whose rating is at least this value (explicit → implicit feedback); <see langword="null"/> ignores ratings.</summary>
    public double? RatingThreshold { get; init; }

    /// <summary>
    /// When <see langword="false"/> (default) a repeated (user, item) row is an error naming both lines; when
    /// <see langword="true"/> repeats collapse into the first row (its timestamp is kept).
    /// </summary>
    public bool CollapseDuplicates { get; init; }
}

/// <summary>One kept row of an interaction table.</summary>
/// <param name="User">Original user id.</param>
/// <param name="Item">Original item id.</param>
/// <param name="Timestamp">The timestamp column, or the line number when the table has none (file order).</param>
/// <param name="Line">1-based line in the file.</param>
public readonly record struct InteractionRow(string User, string Item, long Timestamp, int Line);

/// <summary>
/// Reads CSV/TSV interaction tables: columns <c>user,item[,rating][,timestamp]</c>, ids any strings (remapped
/// densely: numerically ordered when every id is an integer, ordinally otherwise), the same column count on every
/// line. Errors name the file and line.
/// </summary>
public static class InteractionTableFormat
{
    /// <summary>Reads the kept rows of one table file.</summary>
    public static IReadOnlyList<InteractionRow> ReadRows(string path, InteractionTableOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var reader = new StreamReader(path);
        var separator = options.Separator ?? DefaultSeparator(path);
        return ReadRows(reader, path, separator, options);
    }

    /// <summary>Loads a pre-split pair of tables (for example LastFM's <c>user item count</c> TSVs), sharing one id map.</summary>
    public static InteractionLog LoadPreSplit(string trainPath, string testPath, InteractionTableOptions options)
    {
        var train = ReadRows(trainPath, options);
        var test = ReadRows(testPath, options);
        var users = BuildMap(train.Select(r => r.User).Concat(test.Select(r => r.User)));
        var items = BuildMap(train.Select(r => r.Item).Concat(test.Select(r => r.Item)));
        return new InteractionLog(users, items, ToPairs(train, users, items), ToPairs(test, users, items));
    }

    /// <summary>Loads one table and splits it per user with <paramref name="split"/>.</summary>
    public static InteractionLog LoadAndSplit(string path, InteractionTableOptions options, ITrainTestSplit split)
    {
        ArgumentNullException.ThrowIfNull(split);
        var rows = ReadRows(path, options);
        var users = BuildMap(rows.Select(r => r.User));
        var items = BuildMap(rows.Select(r => r.Item));
        var (train, test) = split.Split(rows, users, items);
        return new InteractionLog(users, items, train, test);
    }

    /// <summary>An id map over the distinct ids, numerically ordered when all are integers, ordinally otherwise.</summary>
    internal static IdMap BuildMap(IEnumerable<string> ids)
    {
        var distinct = ids.Distinct(StringComparer.Ordinal).ToArray();
        var allIntegers = distinct.All(id => long.TryParse(id, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _));
        return new IdMap(allIntegers
            ? distinct.OrderBy(id => long.Parse(id, CultureInfo.InvariantCulture))
            : distinct.Order(StringComparer.Ordinal));
    }

    private static InteractionPairs ToPairs(IReadOnlyList<InteractionRow> rows, IdMap users, IdMap items)
    {
        var u = new int[rows.Count];
        var i = new int[rows.Count];
        for (var k = 0; k < rows.Count; k++)
        {
            users.TryGetIndex(rows[k].User, out u[k]);
            items.TryGetIndex(rows[k].Item, out i[k]);
        }

        return new InteractionPairs(u, i);
    }

    private static char DefaultSeparator(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".tsv" or ".txt")
        {
            return '\t';
        }

        if (extension == ".csv")
        {
            return ',';
        }

        using var reader = new StreamReader(path);
        return reader.ReadLine()?.Contains('\t') == true ? '\t' : ',';
    }

    private static List<InteractionRow> ReadRows(TextReader reader, string fileName, char separator, InteractionTableOptions options)
    {
        var rows = new List<InteractionRow>();
        var firstLineOf = new Dictionary<(string, string), int>();
        int lineNumber = 0, columns = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var fields = line.Split(separator);
            for (var f = 0; f < fields.Length; f++)
            {
                fields[f] = fields[f].Trim();
            }

            if (columns == 0)
            {
                if (fields.Length is < 2 or > 4)
                {
                    throw new DatasetFormatException(fileName, lineNumber, $"expected 2 to 4 columns (user, item[, rating][, timestamp]) separated by '{Escape(separator)}', found {fields.Length}.");
                }

                columns = fields.Length;
                if (options.HasHeader ?? LooksLikeHeader(fields))
                {
                    continue;
                }
            }
            else if (fields.Length != columns)
            {
                throw new DatasetFormatException(fileName, lineNumber, $"expected {columns} columns like the first line, found {fields.Length}.");
            }

            if (fields[0].Length == 0 || fields[1].Length == 0)
            {
                throw new DatasetFormatException(fileName, lineNumber, "empty user or item id.");
            }

            if (options.RatingThreshold is { } threshold)
            {
                if (columns < 3)
                {
                    throw new DatasetFormatException(fileName, lineNumber, "a rating threshold is set but the table has no rating column.");
                }

                if (ParseNumber(fields[2], fileName, lineNumber, "rating") < threshold)
                {
                    continue;
                }
            }

            var timestamp = columns == 4 ? (long)ParseNumber(fields[3], fileName, lineNumber, "timestamp") : lineNumber;
            if (!firstLineOf.TryAdd((fields[0], fields[1]), lineNumber))
            {
                if (options.CollapseDuplicates)
                {
                    continue;
                }

                throw new DatasetFormatException(fileName, lineNumber, $"duplicate interaction (user '{fields[0]}', item '{fields[1]}'), first on line {firstLineOf[(fields[0], fields[1])]}.");
            }

            rows.Add(new InteractionRow(fields[0], fields[1], timestamp, lineNumber));
        }

        if (rows.Count == 0)
        {
            throw new DatasetFormatException(fileName, 0, "the file holds no interaction (empty file, or every row filtered out).");
        }

        return rows;
    }

    private static bool LooksLikeHeader(string[] fields) =>
        fields[0].StartsWith("user", StringComparison.OrdinalIgnoreCase)
        || fields.Skip(2).Any(f => !double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out _));

    private static double ParseNumber(string field, string fileName, int lineNumber, string column) =>
        double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new DatasetFormatException(fileName, lineNumber, $"{column} '{field}' is not a number.");

    private static string Escape(char separator) => separator == '\t' ? "\\t" : separator.ToString();
}
