using System.Text.Json;
using Workflows.Contracts;
using Workflows.Orchestration.Application;

namespace Workflows.Hosting.Api;

/// <summary>The body of <c>POST /api/runs</c>: <c>{ "dataset": "lastfm", "spec": { ... }, "force": false }</c>.</summary>
/// <param name="Spec">Kept raw so that its size limit and validation report fields as <c>spec.*</c>.</param>
public sealed record StartRunBody(string Dataset, JsonElement? Spec = null, bool Force = false)
{
    private const string Source = "request body";

    /// <summary>Room for the dataset name and flags around the largest spec.</summary>
    public const int MaxBytes = SizeLimits.MaxSpecBytes + 4096;

    /// <exception cref="ContractValidationException">Malformed JSON, an unknown member, or an invalid spec; every problem named by field.</exception>
    public static StartRunRequest Parse(ReadOnlySpan<byte> json, string? idempotencyKey)
    {
        var body = ContractJson.Deserialize<StartRunBody>(json, Source);
        var errors = new List<ValidationError>();
        if (!Identifiers.IsValidDatasetName(body.Dataset))
        {
            errors.Add(new("dataset", $"'{body.Dataset}' is not a dataset name (1-{Identifiers.MaxDatasetNameLength} characters of a-z, 0-9 and '-')"));
        }

        if (idempotencyKey is not null && (idempotencyKey.Length is 0 or > 128 || idempotencyKey.Any(c => c is < '!' or > '~')))
        {
            errors.Add(new("Idempotency-Key", "must be 1-128 printable ASCII characters without spaces"));
        }

        RunSpec? spec = null;
        if (body.Spec is { ValueKind: not JsonValueKind.Null } raw)
        {
            try
            {
                spec = RunSpec.Parse(JsonSerializer.SerializeToUtf8Bytes(raw), Source);
            }
            catch (ContractValidationException invalid)
            {
                errors.AddRange(invalid.Errors.Select(e => e with { Field = e.Field == "$" ? "spec" : $"spec.{e.Field}" }));
            }
        }

        return errors.Count == 0
            ? new StartRunRequest(body.Dataset, spec, idempotencyKey, body.Force)
            : throw new ContractValidationException(Source, errors);
    }
}

/// <summary>The answer to <c>POST /api/runs</c>.</summary>
/// <param name="Created">False when the call matched an existing run (same upload, spec or idempotency key).</param>
public sealed record StartRunResponse(string RunId, bool Created, RunStatus Status);
