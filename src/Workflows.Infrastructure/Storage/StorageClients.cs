using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace Workflows.Infrastructure.Storage;

/// <summary>Creates the Blob and Queue service clients from <see cref="StorageOptions"/>.</summary>
public sealed class StorageClients
{
    // Azurite accepts API versions up to 2026-06-06; pinning keeps the SDK's newer default from being refused there,
    // and Azure serves every version we pin.
    private const BlobClientOptions.ServiceVersion BlobVersion = BlobClientOptions.ServiceVersion.V2026_06_06;
    private const QueueClientOptions.ServiceVersion QueueVersion = QueueClientOptions.ServiceVersion.V2026_06_06;

    private readonly StorageOptions options;
    private readonly Lazy<TokenCredential> credential;

    public StorageClients(IOptions<StorageOptions> options)
    {
        this.options = options.Value;
        credential = new Lazy<TokenCredential>(() => new DefaultAzureCredential(
            new DefaultAzureCredentialOptions { ManagedIdentityClientId = this.options.ManagedIdentityClientId }));
        Blobs = CreateBlobServiceClient();
        JobEventsEncoding = QueueMessageEncoding.Base64;
    }

    public BlobServiceClient Blobs { get; }

    /// <summary>Base64, the encoding the Functions queue trigger expects by default.</summary>
    public QueueMessageEncoding JobEventsEncoding { get; }

    /// <param name="onDecodingFailed">Receives messages whose body is not valid for the encoding (poison handling).</param>
    public QueueClient Queue(string name, SyncAsyncEventHandler<QueueMessageDecodingFailedEventArgs>? onDecodingFailed = null)
    {
        var clientOptions = new QueueClientOptions(QueueVersion) { MessageEncoding = JobEventsEncoding };
        clientOptions.Retry.MaxRetries = 0;
        if (onDecodingFailed is not null)
        {
            clientOptions.MessageDecodingFailed += onDecodingFailed;
        }

        return options.UsesConnectionString
            ? new QueueClient(options.ConnectionString, name, clientOptions)
            : new QueueClient(new Uri(options.QueueServiceUri!, name), credential.Value, clientOptions);
    }

    private BlobServiceClient CreateBlobServiceClient()
    {
        var clientOptions = new BlobClientOptions(BlobVersion);
        clientOptions.Retry.MaxRetries = 0;
        return options.UsesConnectionString
            ? new BlobServiceClient(options.ConnectionString, clientOptions)
            : new BlobServiceClient(options.BlobServiceUri!, credential.Value, clientOptions);
    }
}
