namespace Workflows.Broker.Queues;

/// <summary>
/// An in-memory Service Bus queue with its dead-letter queue: sequence numbers, peek-locks, delivery counts,
/// scheduled messages, time to live and duplicate detection. One lock guards all state; consumers transfer
/// their deliveries after it is released.
/// </summary>
internal sealed class BrokerQueue
{
    public const string DeadLetterSuffix = "$DeadLetterQueue";

    readonly object _gate = new();
    readonly TimeProvider _time;
    readonly PriorityQueue<StoredMessage, DateTimeOffset> _scheduleOrder = new();
    readonly Dictionary<long, StoredMessage> _scheduled = [];
    readonly PriorityQueue<StoredMessage, DateTimeOffset> _expiryOrder = new();
    readonly DuplicateDetector? _duplicates;
    long _lastSequenceNumber;
    long _sizeBytes;
    long _received;
    long _completed;
    long _duplicatesDropped;

    public BrokerQueue(QueueOptions options, TimeProvider time)
    {
        Options = options;
        _time = time;
        Main = new SubQueue(options.Name, isDeadLetter: false);
        DeadLetter = new SubQueue($"{options.Name}/{DeadLetterSuffix}", isDeadLetter: true);
        _duplicates = options.DuplicateDetectionWindow is { } window ? new DuplicateDetector(window) : null;
    }

    public QueueOptions Options { get; }

    public string Name => Options.Name;

    public SubQueue Main { get; }

    public SubQueue DeadLetter { get; }

    /// <summary>Accepts all messages or none; returns each message's sequence number (a duplicate gets its original's).</summary>
    public bool TryEnqueue(IReadOnlyList<IncomingMessage> messages, out long[] sequenceNumbers)
    {
        sequenceNumbers = new long[messages.Count];
        lock (_gate)
        {
            if (_sizeBytes + messages.Sum(m => (long)m.Size) > Options.MaxSizeBytes)
            {
                return false;
            }

            var now = _time.GetUtcNow();
            for (var i = 0; i < messages.Count; i++)
            {
                sequenceNumbers[i] = Enqueue(messages[i], now);
            }
        }

        Dispatch(Main);
        return true;
    }

    public bool CancelScheduled(IEnumerable<long> sequenceNumbers)
    {
        lock (_gate)
        {
            var allFound = true;
            foreach (var sequenceNumber in sequenceNumbers)
            {
                if (_scheduled.Remove(sequenceNumber, out var message))
                {
                    _sizeBytes -= message.Size;
                }
                else
                {
                    allFound = false;
                }
            }

            return allFound;
        }
    }

    public void Attach(SubQueue subQueue, IMessageConsumer consumer)
    {
        lock (_gate)
        {
            subQueue.Consumers.Add(consumer);
        }
    }

    /// <summary>Removes a closed receiver; its locks stay until they are settled elsewhere or expire, as in Service Bus.</summary>
    public void Detach(SubQueue subQueue, IMessageConsumer consumer)
    {
        lock (_gate)
        {
            subQueue.Consumers.Remove(consumer);
        }
    }

    public void AddCredit(SubQueue subQueue, IMessageConsumer consumer, int credit, bool drain)
    {
        lock (_gate)
        {
            consumer.Credit += credit;
        }

        Dispatch(subQueue);
        if (drain)
        {
            // Microsoft.Azure.Amqp answers the drain once the credit listener returns: it advances the link's
            // delivery count past the unused credit, sets the credit to zero and echoes a flow. Mirror that here.
            lock (_gate)
            {
                consumer.Credit = 0;
            }
        }
    }

    public SettlementResult Settle(SubQueue subQueue, Guid lockToken, Settlement settlement)
    {
        SettlementResult result;
        lock (_gate)
        {
            result = TrySettle(subQueue, lockToken, settlement);
        }

        // Even a lost lock frees a message: its expiry put it back in line or in the dead-letter queue.
        Dispatch(subQueue);
        if (subQueue != DeadLetter)
        {
            Dispatch(DeadLetter);
        }

        return result;
    }

    /// <summary>Extends each lock by the lock duration; null for a token whose lock is unknown or expired.</summary>
    public DateTimeOffset?[] RenewLocks(SubQueue subQueue, IReadOnlyList<Guid> lockTokens)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var expirations = new DateTimeOffset?[lockTokens.Count];
            for (var i = 0; i < lockTokens.Count; i++)
            {
                if (subQueue.Locks.TryGetValue(lockTokens[i], out var messageLock) && messageLock.LockedUntil > now)
                {
                    messageLock.LockedUntil = now + Options.LockDuration;
                    expirations[i] = messageLock.LockedUntil;
                }
            }

            return expirations;
        }
    }

    /// <summary>Messages from a sequence number on, in order, including locked and (for the queue itself) scheduled ones.</summary>
    public IReadOnlyList<StoredMessage> Peek(SubQueue subQueue, long fromSequenceNumber, int count)
    {
        lock (_gate)
        {
            var candidates = subQueue.Messages.Values.AsEnumerable();
            if (!subQueue.IsDeadLetter)
            {
                candidates = candidates.Concat(_scheduled.Values).OrderBy(m => m.SequenceNumber);
            }

            return candidates.Where(m => m.SequenceNumber >= fromSequenceNumber).Take(count).ToList();
        }
    }

    /// <summary>Releases expired locks, enqueues due scheduled messages, expires messages and forgets old MessageIds.</summary>
    public void RunMaintenance()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            ReleaseExpiredLocks(Main, now);
            ReleaseExpiredLocks(DeadLetter, now);
            EnqueueDueScheduled(now);
            ExpireMessages(now);
            _duplicates?.Forget(now);
        }

        Dispatch(Main);
        Dispatch(DeadLetter);
    }

    public QueueCounters GetCounters()
    {
        lock (_gate)
        {
            return new QueueCounters(
                Name,
                Active: Main.Available.Count,
                Locked: Main.Locks.Count,
                Scheduled: _scheduled.Count,
                DeadLettered: DeadLetter.Messages.Count,
                SizeBytes: _sizeBytes,
                Received: _received,
                Completed: _completed,
                DuplicatesDropped: _duplicatesDropped);
        }
    }

    long Enqueue(IncomingMessage incoming, DateTimeOffset now)
    {
        var messageId = incoming.MessageId;
        if (messageId is not null && _duplicates is not null && _duplicates.TryGetOriginal(messageId, out var original))
        {
            _duplicatesDropped++;
            return original;
        }

        var message = new StoredMessage(incoming.Content, ++_lastSequenceNumber, now, incoming.Size);
        if (messageId is not null)
        {
            _duplicates?.Record(messageId, message.SequenceNumber, now);
        }

        _sizeBytes += message.Size;
        _received++;
        if (incoming.ScheduledEnqueueTime is { } due && due > now)
        {
            message.IsScheduled = true;
            _scheduled[message.SequenceNumber] = message;
            _scheduleOrder.Enqueue(message, due);
        }
        else
        {
            Activate(message, now);
        }

        return message.SequenceNumber;
    }

    /// <summary>Makes a message receivable; its time to live runs from here, as for a scheduled message in Service Bus.</summary>
    void Activate(StoredMessage message, DateTimeOffset now)
    {
        message.IsScheduled = false;
        var effective = message.TimeToLive is { } own && own < Options.DefaultMessageTimeToLive ? own : Options.DefaultMessageTimeToLive;
        if (effective < DateTimeOffset.MaxValue - now)
        {
            message.ExpiresAt = now + effective;
            _expiryOrder.Enqueue(message, message.ExpiresAt.Value);
        }

        Main.Add(message);
    }

    /// <summary>
    /// Hands available messages to consumers with credit. Each consumer gets its deliveries queued under the lock, in
    /// hand-out order, and transfers them after the lock is released, so concurrent dispatches cannot reorder a link.
    /// </summary>
    void Dispatch(SubQueue subQueue)
    {
        var served = new List<IMessageConsumer>();
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            while (subQueue.Available.Count > 0 && subQueue.NextConsumerWithCredit() is { } consumer)
            {
                var (sequenceNumber, message) = subQueue.Available.First();
                subQueue.Available.Remove(sequenceNumber);
                if (message.ExpiresAt <= now)
                {
                    Expire(message);
                    continue;
                }

                consumer.Credit--;
                consumer.Enqueue(HandOut(subQueue, consumer, message, now));
                if (!served.Contains(consumer))
                {
                    served.Add(consumer);
                }
            }
        }

        foreach (var consumer in served)
        {
            consumer.Flush();
        }
    }

    SettlementResult TrySettle(SubQueue subQueue, Guid lockToken, Settlement settlement)
    {
        if (!TryTakeLiveLock(subQueue, lockToken, out var messageLock))
        {
            return SettlementResult.LockLost;
        }

        var message = messageLock.Message;
        switch (settlement)
        {
            case CompleteSettlement:
                Complete(subQueue, message);
                break;
            case AbandonSettlement:
                ReturnAfterFailedDelivery(subQueue, message);
                break;
            case DeadLetterSettlement deadLetter:
                MoveToDeadLetter(subQueue, message, deadLetter.Reason, deadLetter.Description);
                break;
        }

        return SettlementResult.Settled;
    }

    OutgoingDelivery HandOut(SubQueue subQueue, IMessageConsumer consumer, StoredMessage message, DateTimeOffset now)
    {
        var priorDeliveries = message.DeliveryCount++;
        var lockToken = Guid.NewGuid();
        if (consumer.ReceiveAndDelete)
        {
            Complete(subQueue, message);
            return new OutgoingDelivery(message, lockToken, priorDeliveries, LockedUntil: null);
        }

        var messageLock = new MessageLock(message, now + Options.LockDuration);
        subQueue.Locks[lockToken] = messageLock;
        return new OutgoingDelivery(message, lockToken, priorDeliveries, messageLock.LockedUntil);
    }

    bool TryTakeLiveLock(SubQueue subQueue, Guid lockToken, out MessageLock messageLock)
    {
        if (!subQueue.Locks.Remove(lockToken, out messageLock!))
        {
            return false;
        }

        if (messageLock.LockedUntil > _time.GetUtcNow())
        {
            return true;
        }

        ReturnAfterFailedDelivery(subQueue, messageLock.Message);
        return false;
    }

    void ReleaseExpiredLocks(SubQueue subQueue, DateTimeOffset now)
    {
        foreach (var (lockToken, messageLock) in subQueue.Locks.Where(l => l.Value.LockedUntil <= now).ToList())
        {
            subQueue.Locks.Remove(lockToken);
            ReturnAfterFailedDelivery(subQueue, messageLock.Message);
        }
    }

    /// <summary>After an abandon or a lost lock: back in line, or dead-lettered once the delivery budget is spent.</summary>
    void ReturnAfterFailedDelivery(SubQueue subQueue, StoredMessage message)
    {
        if (!subQueue.IsDeadLetter && message.DeliveryCount >= Options.MaxDeliveryCount)
        {
            MoveToDeadLetter(
                subQueue,
                message,
                DeadLetterReasons.MaxDeliveryCountExceeded,
                $"Message could not be consumed after {Options.MaxDeliveryCount} delivery attempts.");
        }
        else
        {
            subQueue.MakeAvailable(message);
        }
    }

    void EnqueueDueScheduled(DateTimeOffset now)
    {
        while (_scheduleOrder.TryPeek(out var message, out var due) && due <= now)
        {
            _scheduleOrder.Dequeue();
            if (_scheduled.Remove(message.SequenceNumber))
            {
                Activate(message, now);
            }
        }
    }

    void ExpireMessages(DateTimeOffset now)
    {
        while (_expiryOrder.TryPeek(out var message, out var expiresAt) && expiresAt <= now)
        {
            _expiryOrder.Dequeue();
            if (Main.Available.TryGetValue(message.SequenceNumber, out var available) && ReferenceEquals(available, message))
            {
                Main.Available.Remove(message.SequenceNumber);
                Expire(message);
            }
        }
    }

    /// <summary>Locked messages are never expired here; a message past its time is expired when next handed out.</summary>
    void Expire(StoredMessage message)
    {
        if (Options.DeadLetteringOnMessageExpiration)
        {
            MoveToDeadLetter(Main, message, DeadLetterReasons.TimeToLiveExpired, "The message expired and was dead lettered.");
        }
        else
        {
            Discard(Main, message);
        }
    }

    void MoveToDeadLetter(SubQueue from, StoredMessage message, string? reason, string? description)
    {
        from.Remove(message);
        from.Available.Remove(message.SequenceNumber);
        var deadLettered = message.ToDeadLetter(Name, reason, description);
        _sizeBytes += deadLettered.Size - message.Size;
        DeadLetter.Add(deadLettered);
    }

    void Complete(SubQueue subQueue, StoredMessage message)
    {
        Discard(subQueue, message);
        _completed++;
    }

    void Discard(SubQueue subQueue, StoredMessage message)
    {
        subQueue.Remove(message);
        _sizeBytes -= message.Size;
    }
}
