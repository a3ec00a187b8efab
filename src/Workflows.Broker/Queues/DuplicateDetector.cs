namespace Workflows.Broker.Queues;

/// <summary>Remembers MessageIds seen within a window, so a retried send is accepted once.</summary>
internal sealed class DuplicateDetector(TimeSpan window)
{
    readonly Dictionary<string, long> _sequenceByMessageId = new(StringComparer.Ordinal);
    readonly Queue<(string MessageId, DateTimeOffset SeenAt)> _seen = new();

    /// <summary>Whether the id was seen within the window, with the sequence number its first copy got.</summary>
    public bool TryGetOriginal(string messageId, out long sequenceNumber) =>
        _sequenceByMessageId.TryGetValue(messageId, out sequenceNumber);

    public void Record(string messageId, long sequenceNumber, DateTimeOffset now)
    {
        _sequenceByMessageId[messageId] = sequenceNumber;
        _seen.Enqueue((messageId, now));
    }

    public void Forget(DateTimeOffset now)
    {
        while (_seen.TryPeek(out var oldest) && now - oldest.SeenAt >= window)
        {
            _seen.Dequeue();
            _sequenceByMessageId.Remove(oldest.MessageId);
        }
    }
}
