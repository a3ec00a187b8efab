using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Contracts;
using Workflows.Orchestration.Ports;
using Workflows.Testing;
using Xunit.Abstractions;

namespace Workflows.Infrastructure.Tests;

[Collection(InfrastructureCollection.Name)]
public sealed class AzureBlobStoreTests(InfrastructureStack stack, ITestOutputHelper output) : IAsyncLifetime
{
    private ServiceProvider services = null!;
    private IBlobStore blobs = null!;
    private readonly string prefix = $"blob-tests-{Guid.NewGuid():N}";

    public async Task InitializeAsync()
    {
        services = await stack.CreateServicesAsync(output);
        blobs = services.GetRequiredService<IBlobStore>();
    }

    public async Task DisposeAsync() => await services.DisposeAsync();

    private BlobPath Path(string name) => new(BlobLayout.RunsContainer, $"{prefix}/{name}");

    [Fact]
    public async Task TryCreateAsync_BlobExists_ReturnsFalseAndKeepsFirstContent()
    {
        var ct = TestTimeouts.After(TimeSpan.FromSeconds(60));
        var path = Path("result.json");

        Assert.True(await blobs.TryCreateAsync(path, "first"u8.ToArray(), ct));
        Assert.False(await blobs.TryCreateAsync(path, "second"u8.ToArray(), ct));

        var stored = await blobs.TryReadAsync(path, ct);
        Assert.Equal("first", Encoding.UTF8.GetString(stored!.Data.Span));
        Assert.Equal(Convert.ToBase64String(MD5.HashData("first"u8)), stored.Version.ContentHash);
    }

    [Fact]
    public async Task TryCreateAsync_ConcurrentWriters_ExactlyOneWins()
    {
        var ct = TestTimeouts.After(TimeSpan.FromSeconds(60));
        var path = Path("race.json");

        bool[] won = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => blobs.TryCreateAsync(path, Encoding.UTF8.GetBytes($"writer {i}"), ct)));

        Assert.Single(won, w => w);
        string winner = $"writer {Array.IndexOf(won, true)}";
        Assert.Equal(winner, Encoding.UTF8.GetString((await blobs.TryReadAsync(path, ct))!.Data.Span));
    }

    [Fact]
    public async Task TryReplaceAsync_TwoWritersWithOneETag_OnlyFirstReplaces()
    {
        var ct = TestTimeouts.After(TimeSpan.FromSeconds(60));
        var path = Path("checkpoint.bin");
        Assert.True(await blobs.TryReplaceAsync(path, "v1"u8.ToArray(), expectedETag: null, ct));
        string etag = (await blobs.GetVersionAsync(path, ct))!.ETag;

        Assert.True(await blobs.TryReplaceAsync(path, "v2-a"u8.ToArray(), etag, ct));
        Assert.False(await blobs.TryReplaceAsync(path, "v2-b"u8.ToArray(), etag, ct));
        Assert.False(await blobs.TryReplaceAsync(path, "v0"u8.ToArray(), expectedETag: null, ct));

        Assert.Equal("v2-a", Encoding.UTF8.GetString((await blobs.TryReadAsync(path, ct))!.Data.Span));
    }

    [Fact]
    public async Task WriteAsync_ForwardOnlyStreamLargerThanABlock_StoresContentAndItsMd5()
    {
        var ct = TestTimeouts.After(TimeSpan.FromSeconds(60));
        var path = Path("attempts/1/weights.npy");
        byte[] data = new byte[1_000_003];
        new Random(7).NextBytes(data);

        var version = await blobs.WriteAsync(path, new ForwardOnlyStream(data), ct);

        Assert.Equal(data.Length, version.Length);
        Assert.Equal(Convert.ToBase64String(MD5.HashData(data)), version.ContentHash);
        Assert.Equal(version, await blobs.GetVersionAsync(path, ct));
        await using var read = await blobs.OpenReadAsync(path, ct);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy, ct);
        Assert.Equal(data, copy.ToArray());
    }

    /// <summary>Two attempts of one job beat on the same <c>progress.json</c>: every write replaces it whole, none fails.</summary>
    [Fact]
    public async Task WriteAsync_ConcurrentWritersOfOneSmallBlob_AllSucceedAndOneWholeContentStays()
    {
        var ct = TestTimeouts.After(TimeSpan.FromSeconds(60));
        var path = Path("progress.json");
        string[] contents = Enumerable.Range(0, 8).Select(i => $"{{\"writer\":{i}}}").ToArray();

        var versions = await Task.WhenAll(contents.Select(c => blobs.WriteAsync(path, new MemoryStream(Encoding.UTF8.GetBytes(c), writable: false), ct)));

        var stored = (await blobs.TryReadAsync(path, ct))!;
        string last = Encoding.UTF8.GetString(stored.Data.Span);
        Assert.Contains(last, contents);
        Assert.Equal(Convert.ToBase64String(MD5.HashData(stored.Data.Span)), stored.Version.ContentHash);
        Assert.Equal(contents.Select(c => Convert.ToBase64String(MD5.HashData(Encoding.UTF8.GetBytes(c)))), versions.Select(v => v.ContentHash));
    }

    [Fact]
    public async Task Reads_MissingBlob_ReturnNullOrThrowNotFound()
    {
        var ct = TestTimeouts.After(TimeSpan.FromSeconds(60));
        var path = Path("missing.json");

        Assert.Null(await blobs.TryReadAsync(path, ct));
        Assert.Null(await blobs.GetVersionAsync(path, ct));
        var error = await Assert.ThrowsAsync<BlobNotFoundException>(() => blobs.OpenReadAsync(path, ct));
        Assert.Equal(path, error.Path);
    }

    [Fact]
    public async Task DeletePrefixAsync_ThreeBlobsUnderPrefix_DeletesThemAndKeepsOthers()
    {
        var ct = TestTimeouts.After(TimeSpan.FromSeconds(60));
        foreach (string name in new[] { "run/a", "run/b/c", "run/d", "other/e" })
        {
            Assert.True(await blobs.TryCreateAsync(Path(name), "x"u8.ToArray(), ct));
        }

        var listed = await blobs.ListAsync(BlobLayout.RunsContainer, $"{prefix}/run/", ct).Select(v => v.Path.Name).ToListAsync(ct);
        Assert.Equal([$"{prefix}/run/a", $"{prefix}/run/b/c", $"{prefix}/run/d"], listed.Order());

        Assert.Equal(3, await blobs.DeletePrefixAsync(BlobLayout.RunsContainer, $"{prefix}/run/", ct));
        Assert.Empty(await blobs.ListAsync(BlobLayout.RunsContainer, $"{prefix}/run/", ct).ToListAsync(ct));
        Assert.NotNull(await blobs.GetVersionAsync(Path("other/e"), ct));
    }

    private sealed class ForwardOnlyStream(byte[] data) : MemoryStream(data, writable: false)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }
    }
}
