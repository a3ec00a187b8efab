using System.Globalization;
using System.Text;

namespace Workflows.Deployment.Tests.Support;

/// <summary>A value only the deployment knows (a resource property, a module output, a key); carries what produced it.</summary>
internal sealed record Unknown(string Source)
{
    public override string ToString() => $"<{Source}>";
}

/// <summary>
/// Evaluates the subset of ARM template expressions Bicep emits for this repository's settings and names:
/// literals, parameters(), variables(), createObject/createArray, union, concat, string, add, format, length, empty,
/// toLower, user-defined functions, property and index access. Anything deployment-time (reference, resourceId, list*,
/// uniqueString, ...) evaluates to <see cref="Unknown"/>. Values are string, long, bool, ordered dictionaries, lists.
/// </summary>
internal sealed class ArmExpression
{
    private readonly string text;
    private readonly Func<string, string[], object?[], object?> call;
    private int position;

    private ArmExpression(string text, Func<string, string[], object?[], object?> call)
    {
        this.text = text;
        this.call = call;
    }

    public static bool IsExpression(string value) => value.StartsWith('[') && value.EndsWith(']') && !value.StartsWith("[[", StringComparison.Ordinal);

    /// <param name="expression">The text between the brackets.</param>
    /// <param name="call">Evaluates a function by name (dotted for user functions) and evaluated arguments.</param>
    public static object? Evaluate(string expression, Func<string, string[], object?[], object?> call)
    {
        var parser = new ArmExpression(expression, call);
        object? value = parser.ParseExpression();
        parser.SkipWhitespace();
        return parser.position == expression.Length
            ? value
            : throw new FormatException($"unexpected '{expression[parser.position..]}' in [{expression}]");
    }

    private object? ParseExpression()
    {
        SkipWhitespace();
        object? value;
        char c = text[position];
        if (c == '\'')
        {
            value = ParseString();
        }
        else if (char.IsAsciiDigit(c) || c == '-')
        {
            int start = position++;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                position++;
            }

            value = long.Parse(text[start..position], CultureInfo.InvariantCulture);
        }
        else
        {
            string name = ParseIdentifier();
            var arguments = new List<object?>();
            Expect('(');
            SkipWhitespace();
            if (text[position] != ')')
            {
                arguments.Add(ParseExpression());
                SkipWhitespace();
                while (text[position] == ',')
                {
                    position++;
                    arguments.Add(ParseExpression());
                    SkipWhitespace();
                }
            }

            Expect(')');
            value = name switch
            {
                "true" => true,
                "false" => false,
                "null" => null,
                _ => call(name, name.Split('.'), [.. arguments]),
            };
        }

        return ParseAccessors(value);
    }

    private object? ParseAccessors(object? value)
    {
        while (position < text.Length)
        {
            SkipWhitespace();
            if (position >= text.Length)
            {
                break;
            }

            if (text[position] == '.')
            {
                position++;
                value = Member(value, ParseIdentifier());
            }
            else if (text[position] == '[')
            {
                position++;
                object? index = ParseExpression();
                Expect(']');
                value = index switch
                {
                    _ when value is Unknown || index is Unknown => new Unknown($"{value}[{index}]"),
                    string key => Member(value, key),
                    long i when value is IList<object?> list => list[(int)i],
                    _ => throw new FormatException($"cannot index {value} with {index}"),
                };
            }
            else
            {
                break;
            }
        }

        return value;
    }

    private static object? Member(object? value, string name) => value switch
    {
        Unknown unknown => new Unknown($"{unknown.Source}.{name}"),
        IDictionary<string, object?> map => map.TryGetValue(name, out object? member) ? member : throw new KeyNotFoundException($"no member '{name}'"),
        _ => throw new FormatException($"cannot read '{name}' of {value}"),
    };

    private string ParseIdentifier()
    {
        SkipWhitespace();
        int start = position;
        while (position < text.Length && (char.IsAsciiLetterOrDigit(text[position]) || text[position] is '_' or '.' or '$' or '#'))
        {
            position++;
        }

        return position > start ? text[start..position] : throw new FormatException($"identifier expected at {position} in [{text}]");
    }

    private string ParseString()
    {
        Expect('\'');
        var value = new StringBuilder();
        while (true)
        {
            char c = text[position++];
            if (c == '\'')
            {
                if (position < text.Length && text[position] == '\'')
                {
                    value.Append('\'');
                    position++;
                    continue;
                }

                return value.ToString();
            }

            value.Append(c);
        }
    }

    private void Expect(char expected)
    {
        SkipWhitespace();
        if (position >= text.Length || text[position] != expected)
        {
            throw new FormatException($"'{expected}' expected at {position} in [{text}]");
        }

        position++;
    }

    private void SkipWhitespace()
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }
    }
}
