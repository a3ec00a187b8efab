using System.Net;
using Microsoft.Extensions.Options;

namespace Workflows.Broker;

/// <summary>Checks <see cref="BrokerOptions"/> at start and names every bad field.</summary>
public sealed class BrokerOptionsValidator : IValidateOptions<BrokerOptions>
{
    public ValidateOptionsResult Validate(string? name, BrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!TryParseLoopback(options.Host, out _))
        {
            failures.Add($"{nameof(BrokerOptions.Host)} '{options.Host}' is not a loopback address; the broker listens on loopback only.");
        }

        if (options.Port is < 0 or > IPEndPoint.MaxPort)
        {
            failures.Add($"{nameof(BrokerOptions.Port)} {options.Port} is outside 0..{IPEndPoint.MaxPort}.");
        }

        if (options.ManagementPort is < 0 or > IPEndPoint.MaxPort)
        {
            failures.Add($"{nameof(BrokerOptions.ManagementPort)} {options.ManagementPort} is outside 0..{IPEndPoint.MaxPort}.");
        }

        if (options.MaxMessageSizeBytes <= 0)
        {
            failures.Add($"{nameof(BrokerOptions.MaxMessageSizeBytes)} must be positive.");
        }

        if (options.CountersLogInterval < TimeSpan.Zero)
        {
            failures.Add($"{nameof(BrokerOptions.CountersLogInterval)} must not be negative.");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Queues.Count; i++)
        {
            ValidateQueue(options.Queues[i], $"{nameof(BrokerOptions.Queues)}[{i}]", names, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static bool TryParseLoopback(string host, out IPAddress address)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = IPAddress.Loopback;
            return true;
        }

        return IPAddress.TryParse(host, out address!) && IPAddress.IsLoopback(address);
    }

    static void ValidateQueue(QueueOptions queue, string path, HashSet<string> names, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(queue.Name) || queue.Name.Contains('/') || queue.Name.StartsWith('$'))
        {
            failures.Add($"{path}.{nameof(QueueOptions.Name)} '{queue.Name}' must be non-empty, without '/' and not start with '$'.");
        }
        else if (!names.Add(queue.Name))
        {
            failures.Add($"{path}.{nameof(QueueOptions.Name)} '{queue.Name}' is declared twice.");
        }

        if (queue.LockDuration <= TimeSpan.Zero)
        {
            failures.Add($"{path}.{nameof(QueueOptions.LockDuration)} must be positive.");
        }

        if (queue.MaxDeliveryCount < 1)
        {
            failures.Add($"{path}.{nameof(QueueOptions.MaxDeliveryCount)} must be at least 1.");
        }

        if (queue.DefaultMessageTimeToLive <= TimeSpan.Zero)
        {
            failures.Add($"{path}.{nameof(QueueOptions.DefaultMessageTimeToLive)} must be positive.");
        }

        if (queue.MaxSizeBytes <= 0)
        {
            failures.Add($"{path}.{nameof(QueueOptions.MaxSizeBytes)} must be positive.");
        }

        if (queue.DuplicateDetectionWindow is { } window && window <= TimeSpan.Zero)
        {
            failures.Add($"{path}.{nameof(QueueOptions.DuplicateDetectionWindow)} must be positive when set.");
        }
    }
}
