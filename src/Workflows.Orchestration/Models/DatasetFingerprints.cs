using Workflows.Contracts;
using Workflows.Orchestration.Ports;

namespace Workflows.Orchestration.Models;

/// <summary>The content hash storage reports for every file a manifest references.</summary>
public static class DatasetFingerprints
{
    /// <summary>Fingerprint of a manifest file that does not exist (a run then fails validation with the file's name).</summary>
    public const string MissingFileHash = "missing";

    public static async Task<List<FileFingerprint>> ReadAsync(IBlobStore blobs, string dataset, DatasetManifest manifest, CancellationToken cancellationToken)
    {
        var fingerprints = new List<FileFingerprint>(manifest.Files.Count);
        foreach (var file in manifest.Files)
        {
            var version = await blobs.GetVersionAsync(BlobLayout.DatasetFile(dataset, file.Path), cancellationToken);
            fingerprints.Add(new FileFingerprint(file.Path, version?.ContentHash ?? MissingFileHash));
        }

        return fingerprints;
    }
}
