namespace Workflows.Contracts;

/// <summary>One problem with a user-supplied document, named by its JSON path (for example <c>lotteryTicket.backbones[1]</c>).</summary>
public sealed record ValidationError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}

/// <summary>Thrown when a manifest, run spec or message is invalid; carries every problem found, not just the first.</summary>
public sealed class ContractValidationException : Exception
{
    public ContractValidationException(string source, IReadOnlyList<ValidationError> errors)
        : base(FormatMessage(source, errors))
    {
        Source = source;
        Errors = errors;
    }

    /// <summary>The document that failed, e.g. <c>datasets/lastfm/dataset.json</c>.</summary>
    public new string Source { get; }

    public IReadOnlyList<ValidationError> Errors { get; }

    private static string FormatMessage(string source, IReadOnlyList<ValidationError> errors) =>
        $"{source} is invalid ({errors.Count} problem{(errors.Count == 1 ? "" : "s")}): " +
        string.Join("; ", errors.Select(e => e.ToString()));
}
