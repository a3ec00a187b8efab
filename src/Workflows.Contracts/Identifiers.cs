using System.Security.Cryptography;
using System.Text;

namespace Workflows.Contracts;

/// <summary>
/// Deterministic run and job identifiers. A run id hashes the dataset name, the resolved spec and the content hash of every
/// file the manifest references, so replacing a data file makes a new run and the same upload twice makes one.
/// </summary>
public static class Identifiers
{
    public const int MaxDatasetNameLength = 48;
    private const int HashChars = 16;

    public static bool IsValidDatasetName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxDatasetNameLength && char.IsAsciiLetterOrDigit(name[0])
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    public static bool IsSafeRelativePath(string? path) =>
        !string.IsNullOrWhiteSpace(path) && !path.StartsWith('/') && !path.Contains('\\')
        && path.Split('/').All(segment => segment.Length > 0 && segment != "." && segment != "..");

    /// <summary>The run id for a dataset upload: <c>{dataset}-{hash}</c>.</summary>
    /// <param name="files">Every file the manifest references, with its content hash (MD5 or ETag from storage).</param>
    public static string RunId(string dataset, RunSpec resolvedSpec, IEnumerable<FileFingerprint> files)
    {
        var text = new StringBuilder()
            .Append("dataset=").Append(dataset).Append('\n')
            .Append("spec=").Append(ContractJson.Serialize(resolvedSpec)).Append('\n');
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            text.Append(FileLine(file));
        }

        return $"{dataset}-{Hash(text.ToString())}";
    }

    /// <summary>
    /// What a dataset's files hold, independent of any spec: the nightly retrain compares it with the champion's
    /// (<see cref="ModelPointer.ContentHash"/>) to tell changed data from unchanged.
    /// </summary>
    public static string DatasetContentHash(IEnumerable<FileFingerprint> files) =>
        Hash(string.Concat(files.OrderBy(f => f.Path, StringComparer.Ordinal).Select(FileLine)));

    /// <summary>
    /// The nightly retrain of a dataset on a (UTC) day: <c>{dataset}-nightly-{yyyyMMdd}</c>. One instance per dataset and
    /// day, whichever host or timer starts it, and however often.
    /// </summary>
    public static string NightlyRetrainId(string dataset, DateOnly day) =>
        $"{dataset}-nightly-{day.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>The run id for an HTTP start with an idempotency key: the same key on the same dataset is the same run.</summary>
    public static string RunIdForIdempotencyKey(string dataset, string idempotencyKey) =>
        $"{dataset}-k{Hash($"dataset={dataset}\nkey={idempotencyKey}")[..(HashChars - 1)]}";

    /// <summary>A deliberately new run (<c>force</c>): the base id salted with a caller-supplied nonce.</summary>
    public static string ForcedRunId(string baseRunId, string nonce) =>
        $"{baseRunId[..Math.Min(baseRunId.Length, MaxDatasetNameLength + HashChars + 1)]}-f{Hash(nonce)[..8]}";

    /// <summary>A job id: the run id and the step, e.g. <c>{runId}.mf-imp-s2020.r03</c>. Unique across runs, so it can be a Service Bus message id.</summary>
    public static string JobId(string runId, params ReadOnlySpan<string> step)
    {
        string id = $"{runId}.{string.Join('.', step.ToArray())}";
        if (!IsValidJobId(id))
        {
            throw new ArgumentException($"job id '{id}' must be at most {SizeLimits.MaxJobIdLength} characters of a-z, 0-9, '-' and '.'", nameof(step));
        }

        return id;
    }

    /// <summary>At most <see cref="SizeLimits.MaxJobIdLength"/> characters of a-z, 0-9, '-' and '.' (safe in blob names and message ids).</summary>
    public static bool IsValidJobId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= SizeLimits.MaxJobIdLength && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.');

    private static string FileLine(FileFingerprint file) => $"file={file.Path}:{file.ContentHash}\n";

    private static string Hash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..HashChars];
}

/// <summary>A dataset file and the content hash storage reports for it.</summary>
public sealed record FileFingerprint(string Path, string ContentHash);
