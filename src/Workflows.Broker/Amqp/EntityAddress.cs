namespace Workflows.Broker.Amqp;

/// <summary>
/// A link address as the Service Bus client writes it: <c>$cbs</c>, <c>/jobs</c>, <c>/jobs/$DeadLetterQueue</c>,
/// either of those followed by <c>/$management</c>, optionally as an absolute URI.
/// </summary>
internal sealed record EntityAddress(string Text, string? QueueName, bool IsDeadLetter, bool IsManagement)
{
    const string Cbs = "$cbs";
    const string Management = "$management";
    const string DeadLetter = "$DeadLetterQueue";

    public bool IsCbs => QueueName is null;

    /// <summary>Null when the address names nothing the broker could serve.</summary>
    public static EntityAddress? Parse(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return null;
        }

        var path = Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme != Uri.UriSchemeFile
            ? uri.AbsolutePath
            : address;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments is [var only] && only.Equals(Cbs, StringComparison.OrdinalIgnoreCase))
        {
            return new EntityAddress(address, null, IsDeadLetter: false, IsManagement: false);
        }

        var isManagement = segments.Length > 1 && segments[^1].Equals(Management, StringComparison.OrdinalIgnoreCase);
        var entity = isManagement ? segments[..^1] : segments;
        return entity switch
        {
            [var queue] when !queue.StartsWith('$') => new EntityAddress(address, queue, IsDeadLetter: false, isManagement),
            [var queue, var sub] when !queue.StartsWith('$') && sub.Equals(DeadLetter, StringComparison.OrdinalIgnoreCase) =>
                new EntityAddress(address, queue, IsDeadLetter: true, isManagement),
            _ => null,
        };
    }
}
