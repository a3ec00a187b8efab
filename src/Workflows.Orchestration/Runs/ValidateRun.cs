using Microsoft.DurableTask;
using Workflows.Contracts;
using Workflows.Orchestration.Ports;

namespace Workflows.Orchestration.Runs;

/// <summary>
/// Fails a run fast, before anything is dispatched: the manifest must parse and validate, every file it names must exist,
/// the spec must validate and fit the dataset's kind (a platform probe fits any). Every problem is returned (named by file or field), not thrown.
/// </summary>
public sealed class ValidateRun(IBlobStore blobs) : TaskActivity<RunRequest, RunValidation>
{
    public override async Task<RunValidation> RunAsync(TaskActivityContext context, RunRequest input)
    {
        var cancellationToken = CancellationToken.None;
        var errors = new List<string>();
        var manifestPath = BlobPath.Parse(input.ManifestPath);
        var content = await blobs.TryReadAsync(manifestPath, cancellationToken);
        if (content is null)
        {
            return new RunValidation([$"{manifestPath}: the manifest does not exist"]);
        }

        DatasetManifest manifest;
        try
        {
            manifest = DatasetManifest.Parse(content.Data.Span, manifestPath.ToString());
        }
        catch (ContractValidationException ex)
        {
            return new RunValidation(ex.Errors.Select(e => $"{manifestPath}: {e}").ToList());
        }

        foreach (var file in manifest.Files)
        {
            var path = BlobLayout.DatasetFile(input.Dataset, file.Path);
            if (await blobs.GetVersionAsync(path, cancellationToken) is null)
            {
                errors.Add($"{path}: the file named in the manifest (role '{file.Role}') does not exist");
            }
        }

        errors.AddRange(input.Spec.Validate().Select(e => $"spec: {e}"));
        if (!input.Spec.RunsOn(manifest.Kind))
        {
            errors.Add($"spec: family: a {manifest.Kind.ToString().ToLowerInvariant()} dataset runs '{ContractJson.Serialize(RunSpec.ExperimentFor(manifest.Kind)).Trim('"')}'");
        }

        return new RunValidation(errors);
    }
}
