using System.Globalization;

namespace Workflows.Recsys.Data;

/// <summary>
/// Reads LightGCN's text format: one line per user, <c>uid item item ...</c>, 0-based integer ids separated by
/// whitespace. A line holding only a user id is a user with no items. Blank lines are skipped. A user listed twice
/// in one file, an item repeated on a line, a non-integer or negative id, and a file without any user are errors
/// naming the file and line.
/// </summary>
public static class LightGcnTextFormat
{
    /// <summary>Loads a train and a test file; ids are the integers found (users and items 0..max).</summary>
    public static InteractionLog Load(string trainPath, string testPath)
    {
        var train = ReadFile(trainPath);
        var test = ReadFile(testPath);
        var userCount = Math.Max(train.MaxUser, test.MaxUser) + 1;
        var itemCount = Math.Max(train.MaxItem, test.MaxItem) + 1;
        return new InteractionLog(IdMap.Sequential(userCount), IdMap.Sequential(itemCount), train.Pairs, test.Pairs);
    }

    private sealed record FileContent(InteractionPairs Pairs, int MaxUser, int MaxItem);

    private static FileContent ReadFile(string path)
    {
        using var reader = new StreamReader(path);
        return Read(reader, path);
    }

    private static FileContent Read(TextReader reader, string fileName)
    {
        var users = new List<int>();
        var items = new List<int>();
        var lineOfUser = new Dictionary<int, int>();
        var seenOnLine = new HashSet<int>();
        int maxUser = -1, maxItem = -1, lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var rest = line.AsSpan().Trim();
            if (rest.IsEmpty)
            {
                continue;
            }

            var user = ParseId(ref rest, fileName, lineNumber, "user id");
            if (!lineOfUser.TryAdd(user, lineNumber))
            {
                throw new DatasetFormatException(fileName, lineNumber, $"user {user} already listed on line {lineOfUser[user]}.");
            }

            maxUser = Math.Max(maxUser, user);
            seenOnLine.Clear();
            while (!rest.IsEmpty)
            {
                var item = ParseId(ref rest, fileName, lineNumber, "item id");
                if (!seenOnLine.Add(item))
                {
                    throw new DatasetFormatException(fileName, lineNumber, $"item {item} appears twice for user {user}.");
                }

                maxItem = Math.Max(maxItem, item);
                users.Add(user);
                items.Add(item);
            }
        }

        if (lineOfUser.Count == 0)
        {
            throw new DatasetFormatException(fileName, 0, "the file holds no user line (empty file).");
        }

        return new FileContent(new InteractionPairs([.. users], [.. items]), maxUser, maxItem);
    }

    private static int ParseId(ref ReadOnlySpan<char> rest, string fileName, int lineNumber, string what)
    {
        var end = rest.IndexOfAny(' ', '\t');
        var token = end < 0 ? rest : rest[..end];
        rest = end < 0 ? [] : rest[end..].TrimStart();
        if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            throw new DatasetFormatException(fileName, lineNumber, $"{what} '{token}' is not a non-negative integer.");
        }

        return id;
    }
}
