using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using Workflows.Contracts;
using Workflows.Orchestration.Ports;

namespace Workflows.Infrastructure.Storage;

/// <summary><see cref="IBlobStore"/> over Azure.Storage.Blobs: conditional writes map to If-None-Match / If-Match headers.</summary>
public sealed class AzureBlobStore(StorageClients clients, StorageRetryPipeline retry, IOptions<StorageOptions> options) : IBlobStore
{
    private readonly int blockBytes = options.Value.UploadBlockBytes;

    public async Task<BlobContent?> TryReadAsync(BlobPath path, CancellationToken cancellationToken)
    {
        var blob = Blob(path);
        try
        {
            var result = await retry.ExecuteAsync(async ct => (await blob.DownloadContentAsync(ct).ConfigureAwait(false)).Value, cancellationToken).ConfigureAwait(false);
            var data = result.Content.ToMemory();
            var details = result.Details;
            return new BlobContent(data, Version(path, details.ETag, details.BlobContentHash ?? details.ContentHash, data.Length, details.LastModified));
        }
        catch (RequestFailedException ex) when (IsNotFound(ex))
        {
            return null;
        }
    }

    public async Task<Stream> OpenReadAsync(BlobPath path, CancellationToken cancellationToken)
    {
        var blob = Blob(path);
        try
        {
            var response = await retry.ExecuteAsync(async ct => (await blob.DownloadStreamingAsync(cancellationToken: ct).ConfigureAwait(false)).Value, cancellationToken).ConfigureAwait(false);
            return response.Content;
        }
        catch (RequestFailedException ex) when (IsNotFound(ex))
        {
            throw new BlobNotFoundException(path);
        }
    }

    public async Task<BlobVersion> WriteAsync(BlobPath path, Stream content, CancellationToken cancellationToken)
    {
        var blob = Blob(path);
        var headers = new BlobHttpHeaders { ContentType = ContentTypeOf(path) };
        var uploadOptions = new BlobUploadOptions
        {
            HttpHeaders = headers,
            TransferOptions = new StorageTransferOptions { InitialTransferSize = blockBytes, MaximumTransferSize = blockBytes, MaximumConcurrency = 2 },
        };

        // A seekable source is rewound and retried whole; a forward-only stream gets one attempt (it cannot be replayed).
        long start = content.CanSeek ? content.Position : 0;
        if (content.CanSeek && content.Length - start <= blockBytes)
        {
            return await retry.ExecuteAsync(ct => PutWholeAsync(blob, path, content, start, headers.ContentType, ct), cancellationToken).ConfigureAwait(false);
        }

        async ValueTask<BlobVersion> UploadOnce(CancellationToken ct)
        {
            if (content.CanSeek)
            {
                content.Position = start;
            }

            using var hashing = new Md5Stream(content);
            var info = (await blob.UploadAsync(hashing, uploadOptions, ct).ConfigureAwait(false)).Value;
            byte[] md5 = hashing.GetHash();
            if (info.ContentHash is { } stored && stored.AsSpan().SequenceEqual(md5))
            {
                return Version(path, info.ETag, md5, hashing.BytesRead, info.LastModified);
            }

            // A block upload stores no MD5 (its response hashes the block list, not the blob): record the one computed
            // on the way, so a large file has a stable content hash too.
            headers.ContentHash = md5;
            try
            {
                var updated = (await blob.SetHttpHeadersAsync(headers, new BlobRequestConditions { IfMatch = info.ETag }, ct).ConfigureAwait(false)).Value;
                return Version(path, updated.ETag, md5, hashing.BytesRead, updated.LastModified);
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // Someone replaced the blob in between: report what is there now.
                return await GetVersionAsync(path, ct).ConfigureAwait(false) ?? throw new BlobNotFoundException(path);
            }
            finally
            {
                headers.ContentHash = null;
            }
        }

        return content.CanSeek
            ? await retry.ExecuteAsync(UploadOnce, cancellationToken).ConfigureAwait(false)
            : await UploadOnce(cancellationToken).ConfigureAwait(false);
    }

    public Task<bool> TryCreateAsync(BlobPath path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        TryUploadAsync(path, content, new BlobRequestConditions { IfNoneMatch = ETag.All }, cancellationToken);

    public Task<bool> TryReplaceAsync(BlobPath path, ReadOnlyMemory<byte> content, string? expectedETag, CancellationToken cancellationToken) =>
        TryUploadAsync(path, content,
            expectedETag is null ? new BlobRequestConditions { IfNoneMatch = ETag.All } : new BlobRequestConditions { IfMatch = new ETag(expectedETag) },
            cancellationToken);

    public async Task<BlobVersion?> GetVersionAsync(BlobPath path, CancellationToken cancellationToken)
    {
        var blob = Blob(path);
        try
        {
            var properties = await retry.ExecuteAsync(async ct => (await blob.GetPropertiesAsync(cancellationToken: ct).ConfigureAwait(false)).Value, cancellationToken).ConfigureAwait(false);
            return Version(path, properties.ETag, properties.ContentHash, properties.ContentLength, properties.LastModified);
        }
        catch (RequestFailedException ex) when (IsNotFound(ex))
        {
            return null;
        }
    }

    public async IAsyncEnumerable<BlobVersion> ListAsync(string container, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var containerClient = clients.Blobs.GetBlobContainerClient(container);
        var pages = containerClient.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken).AsPages();
        await using var enumerator = pages.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            bool more;
            try
            {
                more = await retry.ExecuteAsync(async _ => await enumerator.MoveNextAsync().ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (IsNotFound(ex))
            {
                yield break;
            }

            if (!more)
            {
                yield break;
            }

            foreach (var item in enumerator.Current.Values)
            {
                var p = item.Properties;
                yield return Version(new BlobPath(container, item.Name), p.ETag ?? default, p.ContentHash, p.ContentLength ?? 0, p.LastModified ?? default);
            }
        }
    }

    public Task<bool> DeleteAsync(BlobPath path, CancellationToken cancellationToken)
    {
        var blob = Blob(path);
        return retry.ExecuteAsync(
            async ct => (await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct).ConfigureAwait(false)).Value,
            cancellationToken).AsTask();
    }

    public async Task<int> DeletePrefixAsync(string container, string prefix, CancellationToken cancellationToken)
    {
        int deleted = 0;
        await foreach (var version in ListAsync(container, prefix, cancellationToken).ConfigureAwait(false))
        {
            deleted += await DeleteAsync(version.Path, cancellationToken).ConfigureAwait(false) ? 1 : 0;
        }

        return deleted;
    }

    private async Task<bool> TryUploadAsync(BlobPath path, ReadOnlyMemory<byte> content, BlobRequestConditions conditions, CancellationToken cancellationToken)
    {
        var blob = Blob(path);
        var uploadOptions = new BlobUploadOptions { Conditions = conditions, HttpHeaders = new BlobHttpHeaders { ContentType = ContentTypeOf(path) } };
        try
        {
            await retry.ExecuteAsync(async ct => await blob.UploadAsync(BinaryData.FromBytes(content), uploadOptions, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // 409 BlobAlreadyExists (If-None-Match: *) or 412 ConditionNotMet (ETag moved on): another writer won.
            return false;
        }
    }

    private BlobClient Blob(BlobPath path) => clients.Blobs.GetBlobContainerClient(path.Container).GetBlobClient(path.Name);

    private static bool IsNotFound(RequestFailedException ex) => ex.Status == 404;

    /// <summary>
    /// Uploads a small source in one Put Blob, which replaces the blob atomically, so concurrent writers of one blob (two
    /// attempts of a job beating on its <c>progress.json</c>) each replace it whole. Hashing the source hides its length
    /// from the SDK, which then stages blocks and commits a block list; another writer's commit discards those uncommitted
    /// blocks and the commit fails with InvalidBlockList.
    /// </summary>
    private static async ValueTask<BlobVersion> PutWholeAsync(BlobClient blob, BlobPath path, Stream content, long start, string contentType, CancellationToken cancellationToken)
    {
        content.Position = start;
        var bytes = new byte[content.Length - start];
        using var hashing = new Md5Stream(content);
        await hashing.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
        byte[] md5 = hashing.GetHash();
        var uploadOptions = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType, ContentHash = md5 } };
        var info = (await blob.UploadAsync(BinaryData.FromBytes(bytes), uploadOptions, cancellationToken).ConfigureAwait(false)).Value;
        return Version(path, info.ETag, md5, bytes.Length, info.LastModified);
    }

    private static BlobVersion Version(BlobPath path, ETag etag, byte[]? md5, long length, DateTimeOffset lastModified)
    {
        string tag = etag.ToString();
        return new BlobVersion(path, tag, md5 is { Length: > 0 } ? Convert.ToBase64String(md5) : tag, length, lastModified);
    }

    private static string ContentTypeOf(BlobPath path) => Path.GetExtension(path.Name).ToLowerInvariant() switch
    {
        ".json" => "application/json",
        ".md" => "text/markdown; charset=utf-8",
        ".txt" or ".log" => "text/plain; charset=utf-8",
        ".png" => "image/png",
        ".csv" => "text/csv",
        _ => "application/octet-stream",
    };
}
