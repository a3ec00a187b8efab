using Workflows.Contracts;
using Workflows.Orchestration.Ports;

namespace Workflows.Cli.Datasets;

/// <summary>
/// A dataset on disk: a folder with <c>dataset.json</c> and the files it names. Validated locally before anything is
/// uploaded; uploaded file by file with the manifest last, because the manifest's arrival is what starts a run.
/// </summary>
internal sealed class DatasetFolder
{
    private DatasetFolder(string directory, DatasetManifest manifest, byte[] manifestBytes)
    {
        Directory = directory;
        Manifest = manifest;
        ManifestBytes = manifestBytes;
    }

    public string Directory { get; }

    public DatasetManifest Manifest { get; }

    /// <summary>What is uploaded as <c>dataset.json</c>: the user's file as is, or re-serialized with the overrides.</summary>
    public byte[] ManifestBytes { get; }

    public long TotalBytes => Manifest.Files.Sum(f => new FileInfo(FullPath(f)).Length);

    /// <param name="datasetName">Overrides the manifest's name.</param>
    /// <param name="specFile">A run spec file that becomes the manifest's default run.</param>
    /// <exception cref="CliException">The folder or manifest is missing.</exception>
    /// <exception cref="ContractValidationException">Every problem with the manifest, the spec and the listed files.</exception>
    public static DatasetFolder Load(string directory, string? datasetName, string? specFile)
    {
        string manifestPath = Path.Combine(directory, BlobLayout.ManifestFileName);
        if (!System.IO.Directory.Exists(directory))
        {
            throw new CliException(ExitCodes.InvalidInput, $"'{directory}' is not a folder");
        }

        if (!File.Exists(manifestPath))
        {
            throw new CliException(ExitCodes.InvalidInput,
                $"'{directory}' has no {BlobLayout.ManifestFileName}: a dataset folder holds its files and a manifest naming them (see samples/lastfm)");
        }

        byte[] bytes = File.ReadAllBytes(manifestPath);
        if (bytes.Length > SizeLimits.MaxManifestBytes)
        {
            throw new ContractValidationException(manifestPath, [new ValidationError("$", $"{bytes.Length} bytes; the limit is {SizeLimits.MaxManifestBytes}")]);
        }

        var manifest = ContractJson.Deserialize<DatasetManifest>(bytes, manifestPath);
        if (datasetName is not null || specFile is not null)
        {
            manifest = manifest with
            {
                Name = datasetName ?? manifest.Name,
                DefaultRun = specFile is null ? manifest.DefaultRun : RunSpec.Parse(ReadSpec(specFile), specFile),
            };
            bytes = ContractJson.SerializeToUtf8Bytes(manifest);
        }

        var errors = manifest.Validate().ToList();
        for (int i = 0; i < manifest.Files.Count; i++)
        {
            var file = manifest.Files[i];
            if (Identifiers.IsSafeRelativePath(file.Path) && !File.Exists(Path.Combine(directory, file.Path)))
            {
                errors.Add(new ValidationError($"files[{i}].path", $"'{file.Path}' does not exist in {directory}"));
            }
        }

        return errors.Count == 0
            ? new DatasetFolder(directory, manifest, bytes)
            : throw new ContractValidationException(manifestPath, errors);
    }

    /// <summary>Uploads every listed file, then the manifest; returns the manifest's stored version (its ETag names the upload).</summary>
    public async Task<BlobVersion> UploadAsync(IBlobStore blobs, Action<DatasetFile>? uploaded, CancellationToken cancellationToken)
    {
        foreach (var file in Manifest.Files)
        {
            await using var content = File.OpenRead(FullPath(file));
            await blobs.WriteAsync(BlobLayout.DatasetFile(Manifest.Name, file.Path), content, cancellationToken);
            uploaded?.Invoke(file);
        }

        using var manifest = new MemoryStream(ManifestBytes, writable: false);
        return await blobs.WriteAsync(BlobLayout.Manifest(Manifest.Name), manifest, cancellationToken);
    }

    private string FullPath(DatasetFile file) => Path.Combine(Directory, file.Path);

    private static byte[] ReadSpec(string specFile) => File.Exists(specFile)
        ? File.ReadAllBytes(specFile)
        : throw new CliException(ExitCodes.InvalidInput, $"spec file '{specFile}' does not exist");
}
