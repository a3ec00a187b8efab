using Workflows.Contracts;
using Workflows.Orchestration.Ports;

namespace Workflows.Orchestration.Application;

/// <summary>
/// The files of a run's report as <see cref="BlobLayout"/> places them: <c>report.json</c>, <c>report.md</c>,
/// <c>report.html</c> and the plots under <c>plots/</c>, named relative to the run's folder so that a downloaded copy
/// keeps the markdown's links to its plots working.
/// </summary>
public sealed class RunReportFiles(IBlobStore blobs)
{
    public async Task<IReadOnlyList<ReportFile>> ListAsync(string runId, CancellationToken cancellationToken)
    {
        var files = new List<ReportFile>();
        foreach (var path in Documents(runId))
        {
            if (await blobs.GetVersionAsync(path, cancellationToken) is { } version)
            {
                files.Add(Describe(runId, version));
            }
        }

        await foreach (var plot in blobs.ListAsync(BlobLayout.RunsContainer, BlobLayout.Plot(runId, "").Name, cancellationToken))
        {
            files.Add(Describe(runId, plot));
        }

        return files;
    }

    /// <summary>Null when the file does not exist or <paramref name="name"/> is not a report file's name.</summary>
    public async Task<ReportDocument?> ReadAsync(string runId, string name, CancellationToken cancellationToken) =>
        IsReportFileName(name) && await blobs.TryReadAsync(new BlobPath(BlobLayout.RunsContainer, BlobLayout.RunPrefix(runId) + name), cancellationToken) is { } content
            ? new ReportDocument(ContentType(name), content.Data)
            : null;

    /// <summary><c>report.json</c>, <c>report.md</c>, <c>report.html</c>, or <c>plots/</c> and one file name of letters, digits, '.', '-' and '_'.</summary>
    public static bool IsReportFileName(string name)
    {
        string plots = RelativeName("", BlobLayout.Plot("", ""));
        return Documents("").Any(path => RelativeName("", path) == name)
            || (name.StartsWith(plots, StringComparison.Ordinal) && name.Length > plots.Length && !name.StartsWith(plots + ".", StringComparison.Ordinal)
                && name[plots.Length..].All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'));
    }

    public static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".json" => "application/json",
        ".md" => "text/markdown; charset=utf-8",
        ".html" => "text/html; charset=utf-8",
        ".png" => "image/png",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };

    private static BlobPath[] Documents(string runId) => [BlobLayout.ReportJson(runId), BlobLayout.ReportMarkdown(runId), BlobLayout.ReportHtml(runId)];

    private static ReportFile Describe(string runId, BlobVersion version)
    {
        string name = RelativeName(runId, version.Path);
        return new ReportFile(name, ContentType(name), version.Length, version.LastModified);
    }

    private static string RelativeName(string runId, BlobPath path) => path.Name[BlobLayout.RunPrefix(runId).Length..];
}
