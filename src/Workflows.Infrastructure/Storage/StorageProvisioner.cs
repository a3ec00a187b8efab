using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Contracts;
using Workflows.Infrastructure.Queues;

namespace Workflows.Infrastructure.Storage;

/// <summary>
/// Creates the blob containers and Storage queues the platform uses when they are missing, before other hosted services
/// start. (The Service Bus <c>jobs</c> queue is declared by Bicep or the broker: the administration API is not AMQP.)
/// </summary>
public sealed class StorageProvisioner(StorageClients clients, StorageRetryPipeline retry, IOptions<QueueOptions> queues, ILogger<StorageProvisioner> logger)
    : IHostedService
{
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        foreach (string container in BlobLayout.Containers)
        {
            await retry.ExecuteAsync(async ct => await clients.Blobs.GetBlobContainerClient(container).CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false), cancellationToken)
                .ConfigureAwait(false);
        }

        string[] queueNames = [queues.Value.JobEvents, queues.Value.JobEventsPoison];
        foreach (string name in queueNames)
        {
            await retry.ExecuteAsync(async ct => await clients.Queue(name).CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false), cancellationToken)
                .ConfigureAwait(false);
        }

        Log.Provisioned(logger, string.Join(", ", BlobLayout.Containers), string.Join(", ", queueNames));
    }

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => EnsureCreatedAsync(cancellationToken);

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
