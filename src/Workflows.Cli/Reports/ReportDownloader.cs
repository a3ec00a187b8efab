using Workflows.Cli.Api;

namespace Workflows.Cli.Reports;

/// <summary>Copies every file of a run's report from the API into a folder, keeping their relative names (<c>plots/...</c>).</summary>
internal static class ReportDownloader
{
    /// <returns>The files written, in the API's order; empty when the run has no report yet.</returns>
    /// <exception cref="CliException">The run is unknown, or the API names a file outside the folder.</exception>
    public static async Task<IReadOnlyList<DownloadedFile>> DownloadAsync(WorkflowsApiClient api, string runId, string folder, CancellationToken cancellationToken)
    {
        var files = await api.GetReportFilesAsync(runId, cancellationToken)
            ?? throw new CliException(ExitCodes.NotFound, $"run '{runId}' does not exist at {api.BaseUrl} (`wf runs` lists the runs)");
        string root = Path.GetFullPath(folder);
        var downloaded = new List<DownloadedFile>(files.Count);
        foreach (var file in files)
        {
            string path = Path.GetFullPath(Path.Combine(root, file.Name.Replace('/', Path.DirectorySeparatorChar)));
            if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new CliException(ExitCodes.Unavailable, $"the API at {api.BaseUrl} listed a report file outside the report's folder: '{file.Name}'");
            }

            byte[] content = await api.GetReportFileAsync(runId, file.Name, cancellationToken)
                ?? throw new CliException(ExitCodes.NotFound, $"report file '{file.Name}' of run '{runId}' was listed but is gone (was the run deleted or retried?)");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, content, cancellationToken);
            downloaded.Add(new DownloadedFile(file.Name, path, content.Length));
        }

        return downloaded;
    }
}

/// <param name="Name">As the API names it: <c>report.md</c>, <c>plots/mf-recall20.png</c>.</param>
/// <param name="Path">Where it was written.</param>
internal sealed record DownloadedFile(string Name, string Path, long Bytes);
