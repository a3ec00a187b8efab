using Workflows.Contracts;
using Workflows.Orchestration.Ports;
using Workflows.Recsys.Data;

namespace Workflows.Jobs.Recsys;

/// <summary>
/// <see cref="IRecsysDatasetPreparer"/> over the recommender engine's loaders: downloads the manifest's files to a scratch
/// folder, loads them (LightGCN text or interaction tables), carves the validation split and streams the engine's binary
/// form to <c>runs/{runId}/prepared/dataset.bin</c>. A malformed file fails with the file's blob path and line.
/// </summary>
public sealed class RecsysDatasetPreparer(IBlobStore blobs) : IRecsysDatasetPreparer
{
    public const string PreparedName = "dataset.bin";

    /// <summary>Share of a single interaction table held out as test, per user, when the dataset ships no split.</summary>
    public const double SingleTableTestFraction = 0.2;

    public async Task<PreparedRecsysDataset> PrepareAsync(string runId, DatasetManifest manifest, LotteryTicketSpec spec, CancellationToken cancellationToken)
    {
        string scratch = Directory.CreateTempSubdirectory("workflows-prepare-").FullName;
        try
        {
            var local = new Dictionary<string, BlobPath>();
            async Task<string> DownloadAsync(DatasetFile file)
            {
                var blob = BlobLayout.DatasetFile(manifest.Name, file.Path);
                string path = Path.Combine(scratch, $"{local.Count}-{Path.GetFileName(file.Path)}");
                await using (var source = await blobs.OpenReadAsync(blob, cancellationToken).ConfigureAwait(false))
                await using (var target = File.Create(path))
                {
                    await source.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
                }

                local[path] = blob;
                return path;
            }

            ulong seed = (ulong)spec.Seeds[0];
            InteractionLog log;
            try
            {
                log = await LoadAsync(manifest, seed, DownloadAsync).ConfigureAwait(false);
            }
            catch (DatasetFormatException ex)
            {
                string source = local.TryGetValue(ex.File, out var blob) ? blob.ToString() : ex.File;
                throw new ContractValidationException(source, [new ValidationError(ex.Line > 0 ? $"line {ex.Line}" : "$", ex.Problem)]);
            }

            double validationFraction = spec.Protocol == "reference" ? 0 : spec.ValidationFraction;
            var dataset = DatasetPreparation.Prepare(manifest.Name, log, new PreparationOptions(validationFraction, seed));
            string prepared = Path.Combine(scratch, PreparedName);
            await using (var file = File.Create(prepared))
            {
                PreparedDatasetFormat.Write(file, dataset);
            }

            var target = BlobLayout.Prepared(runId, PreparedName);
            await using (var upload = File.OpenRead(prepared))
            {
                await blobs.WriteAsync(target, upload, cancellationToken).ConfigureAwait(false);
            }

            return new PreparedRecsysDataset(target.ToString(), dataset.UserCount, dataset.ItemCount, dataset.Train.Count,
                dataset.Validation.Count, dataset.Test.Count, dataset.Report.DroppedTestUsers);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static async Task<InteractionLog> LoadAsync(DatasetManifest manifest, ulong seed, Func<DatasetFile, Task<string>> download)
    {
        var format = manifest.Interactions ?? new InteractionFormat();
        var table = new InteractionTableOptions { HasHeader = format.Header, RatingThreshold = format.RatingThreshold };
        if (manifest.FileWithRole(FileRoles.Train) is { } train && manifest.FileWithRole(FileRoles.Test) is { } test)
        {
            string trainPath = await download(train).ConfigureAwait(false);
            string testPath = await download(test).ConfigureAwait(false);
            return format.Layout == "table"
                ? InteractionTableFormat.LoadPreSplit(trainPath, testPath, table)
                : LightGcnTextFormat.Load(trainPath, testPath);
        }

        var interactions = manifest.FileWithRole(FileRoles.Interactions)
            ?? throw new ContractValidationException(BlobLayout.Manifest(manifest.Name).ToString(), [new ValidationError("files", "no 'train'/'test' pair and no 'interactions' table")]);
        return InteractionTableFormat.LoadAndSplit(await download(interactions).ConfigureAwait(false), table, new RatioSplit(SingleTableTestFraction, seed));
    }
}
