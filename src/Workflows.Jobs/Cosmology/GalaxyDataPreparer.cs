using Workflows.Contracts;
using Workflows.Cosmology.Grids;
using Workflows.Cosmology.Synthetic;
using Workflows.Cosmology.Tiling;
using Workflows.Orchestration.Cosmology;
using Workflows.Orchestration.Ports;

namespace Workflows.Jobs.Cosmology;

/// <summary>
/// Validates a cosmology dataset's grids and halo catalogues and plans the run (every problem at once, each naming its file or field), grids
/// dark-matter particle snapshots given instead of grids, converts the grids to float32 C-order .npy under
/// <c>prepared/</c> plane by plane, and cuts the target into haloed tile blobs in one streaming pass.
/// </summary>
public sealed class GalaxyDataPreparer(IBlobStore blobs)
{
    public async Task<GalaxyPreparation> PrepareAsync(string runId, DatasetManifest manifest, GalaxyPaintingSpec spec, CancellationToken cancellationToken)
    {
        string manifestPath = BlobLayout.Manifest(manifest.Name).ToString();
        var geometry = manifest.Grid!;
        var galaxiesFile = manifest.FileWithRole(FileRoles.GalaxiesTrain)!;
        var truthFile = manifest.FileWithRole(FileRoles.GalaxiesTargetTruth);
        var opened = new List<GridBlob>();
        try
        {
            async Task<IGridReader> OpenAsync(DatasetFile file)
            {
                var grid = await GridBlob.OpenAsync(blobs, manifest.Name, file, cancellationToken).ConfigureAwait(false);
                opened.Add(grid);
                return grid.Reader;
            }

            // A grid wins over a snapshot of the same volume; a snapshot is gridded on the manifest's grid at the training voxel size.
            async Task<IGridReader?> OpenDarkMatterAsync(string gridRole, string snapshotRole, int? gridSize, string gridSizeField)
            {
                if (manifest.FileWithRole(gridRole) is { } gridFile)
                {
                    return await OpenAsync(gridFile).ConfigureAwait(false);
                }

                if (manifest.FileWithRole(snapshotRole) is not { } snapshot)
                {
                    return null;
                }

                var source = BlobLayout.DatasetFile(manifest.Name, snapshot.Path).ToString();
                if (gridSize is not { } size)
                {
                    throw new GridFormatException(manifestPath, $"{gridSizeField}: needed to grid the '{snapshotRole}' snapshot {source}");
                }

                var grid = await ParticleSnapshotBlob.GridAsync(blobs, manifest, snapshot, geometry.BoxSize * size / geometry.GridSize, size, cancellationToken).ConfigureAwait(false);
                return new VoxelGridReader(grid, source);
            }

            var requirements = new GridRequirements();
            var darkMatter = (await OpenDarkMatterAsync(FileRoles.DarkMatterTrain, FileRoles.Particles, geometry.GridSize, "grid.gridSize").ConfigureAwait(false))!;
            var galaxies = await OpenAsync(galaxiesFile).ConfigureAwait(false);
            var errors = new List<string>(GridValidator.ValidatePair(darkMatter, galaxies, requirements));
            var target = await OpenDarkMatterAsync(FileRoles.DarkMatterTarget, FileRoles.ParticlesTarget, geometry.TargetGridSize, "grid.targetGridSize").ConfigureAwait(false);
            var truth = truthFile is null ? null : await OpenAsync(truthFile).ConfigureAwait(false);
            if (target is not null)
            {
                errors.AddRange(truth is null ? GridValidator.Validate(target, requirements) : GridValidator.ValidatePair(target, truth, requirements));
            }
            else if (truth is not null)
            {
                errors.Add($"{manifestPath}: files: a '{FileRoles.GalaxiesTargetTruth}' file needs a '{FileRoles.DarkMatterTarget}' file to compare with");
            }

            if (darkMatter.Shape != GridShape.Cube(geometry.GridSize))
            {
                errors.Add($"{manifestPath}: grid.gridSize: {geometry.GridSize} voxels per side, but {darkMatter.SourceName} is {darkMatter.Shape}");
            }

            int targetSize = (target ?? darkMatter).Shape.Nx;
            if (target is not null && geometry.TargetGridSize is { } declared && target.Shape != GridShape.Cube(declared))
            {
                errors.Add($"{manifestPath}: grid.targetGridSize: {declared} voxels per side, but {target.SourceName} is {target.Shape}");
            }

            errors.AddRange(CheckTiling(spec, darkMatter.Shape.Nx, targetSize, geometry.Periodic));
            var halos = await ReadHalosAsync(manifest, target is not null, geometry.BoxSize * targetSize / geometry.GridSize, errors, cancellationToken).ConfigureAwait(false);
            if (errors.Count > 0)
            {
                return new GalaxyPreparation(null, errors);
            }

            bool padded = targetSize % spec.TileSize != 0;
            var plan = new GalaxyPlan(
                await ConvertAsync(darkMatter, BlobLayout.Prepared(runId, "dm-train.npy"), cancellationToken).ConfigureAwait(false),
                await ConvertAsync(galaxies, BlobLayout.Prepared(runId, "galaxies-train.npy"), cancellationToken).ConfigureAwait(false),
                target is null ? BlobLayout.Prepared(runId, "dm-train.npy").ToString() : await ConvertAsync(target, BlobLayout.Prepared(runId, "dm-target.npy"), cancellationToken).ConfigureAwait(false),
                target is null ? BlobLayout.Prepared(runId, "galaxies-train.npy").ToString()
                    : truth is null ? null : await ConvertAsync(truth, BlobLayout.Prepared(runId, "galaxies-target-truth.npy"), cancellationToken).ConfigureAwait(false),
                TargetIsTraining: target is null,
                darkMatter.Shape.Nx,
                geometry.BoxSize,
                new GalaxyTiling(targetSize, spec.TileSize, GalaxySpecs.Halo(spec), geometry.Periodic, padded),
                spec.TilesPerJob)
            {
                HalosTrain = halos.Training is null ? null : await CopyAsync(halos.Training, BlobLayout.Prepared(runId, "halos-train.h5"), cancellationToken).ConfigureAwait(false),
                HalosTarget = halos.Target is null ? null : await CopyAsync(halos.Target, BlobLayout.Prepared(runId, "halos-target.h5"), cancellationToken).ConfigureAwait(false),
            };
            return new GalaxyPreparation(plan, []);
        }
        catch (GridFormatException ex)
        {
            return new GalaxyPreparation(null, [ex.Message]);
        }
        finally
        {
            foreach (var grid in opened)
            {
                grid.Dispose();
            }
        }
    }

    /// <summary>
    /// The halo catalogues of the training box (<see cref="FileRoles.Halos"/>) and of the target (<see cref="FileRoles.HalosTarget"/>;
    /// the training box's own when the training box is painted), read and validated against their boxes. The HOD baseline
    /// needs both, so one without the other is an error; problems are added to <paramref name="errors"/>.
    /// </summary>
    private async Task<(byte[]? Training, byte[]? Target)> ReadHalosAsync(DatasetManifest manifest, bool hasTarget, double targetBoxSize, List<string> errors, CancellationToken cancellationToken)
    {
        string manifestPath = BlobLayout.Manifest(manifest.Name).ToString();
        var trainingFile = manifest.FileWithRole(FileRoles.Halos);
        var targetFile = manifest.FileWithRole(FileRoles.HalosTarget);
        if (trainingFile is null && targetFile is not null)
        {
            errors.Add($"{manifestPath}: files: a '{FileRoles.HalosTarget}' catalogue needs a '{FileRoles.Halos}' catalogue of the training box to fit the HOD baseline on");
            return (null, null);
        }

        if (trainingFile is null)
        {
            return (null, null);
        }

        if (hasTarget != targetFile is not null)
        {
            errors.Add(hasTarget
                ? $"{manifestPath}: files: a '{FileRoles.Halos}' catalogue needs a '{FileRoles.HalosTarget}' catalogue of the target volume for the HOD baseline to populate"
                : $"{manifestPath}: files: a '{FileRoles.HalosTarget}' catalogue needs a target volume ('{FileRoles.DarkMatterTarget}' or '{FileRoles.ParticlesTarget}')");
            return (null, null);
        }

        var training = await ReadHalosAsync(manifest.Name, trainingFile, manifest.Grid!.BoxSize, errors, cancellationToken).ConfigureAwait(false);
        var target = targetFile is null ? training : await ReadHalosAsync(manifest.Name, targetFile, targetBoxSize, errors, cancellationToken).ConfigureAwait(false);
        return (training, target);
    }

    private async Task<byte[]?> ReadHalosAsync(string dataset, DatasetFile file, double boxSize, List<string> errors, CancellationToken cancellationToken)
    {
        var path = BlobLayout.DatasetFile(dataset, file.Path);
        if (await blobs.TryReadAsync(path, cancellationToken).ConfigureAwait(false) is not { } content)
        {
            errors.Add($"{path}: the '{file.Role}' catalogue is missing");
            return null;
        }

        byte[] bytes = content.Data.ToArray();
        try
        {
            var problems = HaloCatalogueValidator.Validate(HaloCatalogueFile.Read(new MemoryStream(bytes, writable: false), path.ToString()), boxSize, path.ToString());
            errors.AddRange(problems);
            return problems.Count == 0 ? bytes : null;
        }
        catch (GridFormatException ex)
        {
            errors.Add(ex.Message);
            return null;
        }
    }

    private async Task<string> CopyAsync(byte[] content, BlobPath target, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(content, writable: false);
        await blobs.WriteAsync(target, stream, cancellationToken).ConfigureAwait(false);
        return target.ToString();
    }

    /// <summary>Cuts the target into <see cref="BlobLayout.InputTile"/> blobs: one forward pass over its planes into scratch files, then uploads.</summary>
    public async Task<GalaxyCutResult> CutAsync(GalaxyCutRequest request, CancellationToken cancellationToken)
    {
        var lattice = GalaxySpecs.Lattice(request.Plan.Tiling);
        string scratch = Directory.CreateTempSubdirectory("workflows-tiles-").FullName;
        try
        {
            int written;
            using (var target = await GridBlob.OpenAsync(blobs, BlobPath.Parse(request.Plan.Target), null, cancellationToken).ConfigureAwait(false))
            {
                written = TileCutter.Cut(target.Reader, lattice, key => File.Create(TileFile(scratch, key)), cancellationToken: cancellationToken);
            }

            foreach (var key in lattice.Tiles)
            {
                await using var tile = File.OpenRead(TileFile(scratch, key));
                await blobs.WriteAsync(BlobLayout.InputTile(request.RunId, key.Name), tile, cancellationToken).ConfigureAwait(false);
            }

            var first = BlobLayout.InputTile(request.RunId, string.Empty);
            return new GalaxyCutResult(written, $"{first.Container}/{first.Name[..(first.Name.LastIndexOf('/') + 1)]}");
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>Tiles, halos and the model's pooling must line up; the training box must hold whole tiles; the target is padded only when the spec allows.</summary>
    private static IEnumerable<string> CheckTiling(GalaxyPaintingSpec spec, int trainingSize, int targetSize, bool periodic)
    {
        int pooling = GalaxySpecs.Model(spec).PoolingMultiple;
        if (spec.TileSize % pooling != 0)
        {
            yield return $"spec: galaxyPainting.tileSize: {spec.TileSize} is not a multiple of {pooling}, the pooling of the '{spec.ModelPreset}' model";
        }

        if (GalaxySpecs.Halo(spec) % pooling != 0)
        {
            yield return $"spec: galaxyPainting.halo: {spec.Halo} is not a multiple of {pooling}, the pooling of the '{spec.ModelPreset}' model";
        }

        if (trainingSize % spec.TileSize != 0)
        {
            yield return $"spec: galaxyPainting.tileSize: the training grid's {trainingSize} voxels per side are not a multiple of the tile size {spec.TileSize}";
        }
        else
        {
            string? splitProblem = null;
            try
            {
                RegionSplit.Blocked(new TileLattice(GridShape.Cube(trainingSize), GalaxySpecs.TrainingTiling(spec, periodic)));
            }
            catch (ArgumentException ex)
            {
                splitProblem = ex.Message;
            }

            if (splitProblem is not null)
            {
                yield return $"spec: galaxyPainting.tileSize: {spec.TileSize} leaves too few training tiles: {splitProblem}";
            }
        }

        if (targetSize % spec.TileSize != 0 && !spec.PadToLattice)
        {
            yield return $"spec: galaxyPainting.padToLattice: the target's {targetSize} voxels per side are not a multiple of the tile size {spec.TileSize}; allow padding or choose another tile size";
        }
    }

    /// <summary>Copies a validated grid to float32 C-order .npy, one plane at a time.</summary>
    private async Task<string> ConvertAsync(IGridReader source, BlobPath target, CancellationToken cancellationToken)
    {
        string scratch = Path.Combine(Path.GetTempPath(), $"workflows-convert-{Guid.NewGuid():N}.npy");
        try
        {
            await using (var file = File.Create(scratch))
            using (var writer = new NpyGridWriter(file, source.Shape, leaveOpen: true))
            {
                var plane = new float[source.Shape.PlaneSize];
                for (int x = 0; x < source.Shape.Nx; x++)
                {
                    source.ReadPlanes(x, 1, plane);
                    writer.Write(plane);
                }

                writer.Complete();
            }

            await using (var upload = File.OpenRead(scratch))
            {
                await blobs.WriteAsync(target, upload, cancellationToken).ConfigureAwait(false);
            }

            return target.ToString();
        }
        finally
        {
            File.Delete(scratch);
        }
    }

    private static string TileFile(string folder, TileKey key) => Path.Combine(folder, $"{key.Name}.npy");
}
