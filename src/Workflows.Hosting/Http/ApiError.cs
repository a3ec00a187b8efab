using Workflows.Contracts;

namespace Workflows.Hosting.Http;

/// <summary>The body of every 4xx answer of the HTTP API: what went wrong and, for invalid input, every problem by field.</summary>
/// <param name="Source">The document that failed, e.g. <c>request body</c> or <c>datasets/lastfm/dataset.json</c>.</param>
public sealed record ApiError(string Title, string? Source = null, IReadOnlyList<ValidationError>? Errors = null);
