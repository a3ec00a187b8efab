namespace Workflows.Broker.Queues;

/// <summary>
/// One receivable entity of a queue: the queue itself or its dead-letter queue. Holds messages in sequence
/// order, the locks on them and the attached receivers; every member is guarded by the owning queue's lock.
/// </summary>
internal sealed class SubQueue(string path, bool isDeadLetter)
{
    int _nextConsumer;

    public string Path { get; } = path;

    public bool IsDeadLetter { get; } = isDeadLetter;

    /// <summary>Available and locked messages, for peek.</summary>
    public SortedDictionary<long, StoredMessage> Messages { get; } = [];

    public SortedDictionary<long, StoredMessage> Available { get; } = [];

    public Dictionary<Guid, MessageLock> Locks { get; } = [];

    public List<IMessageConsumer> Consumers { get; } = [];

    public void Add(StoredMessage message)
    {
        Messages[message.SequenceNumber] = message;
        Available[message.SequenceNumber] = message;
    }

    public void MakeAvailable(StoredMessage message) => Available[message.SequenceNumber] = message;

    public void Remove(StoredMessage message) => Messages.Remove(message.SequenceNumber);

    /// <summary>The next receiver with credit, round robin, so concurrent receivers share the load.</summary>
    public IMessageConsumer? NextConsumerWithCredit()
    {
        for (var i = 0; i < Consumers.Count; i++)
        {
            var consumer = Consumers[(_nextConsumer + i) % Consumers.Count];
            if (consumer.Credit > 0)
            {
                _nextConsumer = (_nextConsumer + i + 1) % Consumers.Count;
                return consumer;
            }
        }

        return null;
    }
}
