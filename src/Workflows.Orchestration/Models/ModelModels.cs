using Workflows.Contracts;

namespace Workflows.Orchestration.Models;

/// <summary>What <see cref="InspectDataset"/> found: the dataset's current content and its promoted models.</summary>
/// <param name="ContentHash"><see cref="Identifiers.DatasetContentHash"/> of the files the manifest references now.</param>
/// <param name="Manifest">Null when the manifest is missing or invalid (then <see cref="Problem"/> says why).</param>
/// <param name="Champions">Every <c>models/{dataset}/{model}/current.json</c>, by model name.</param>
public sealed record DatasetInspection(string ContentHash, DatasetManifest? Manifest, string? Problem, IReadOnlyList<ModelPointer> Champions);

/// <summary>The input of <see cref="ExportTicket"/>.</summary>
/// <param name="PreparedDataset">The prepared data the ticket was trained on (its graph and id maps).</param>
public sealed record ExportTicketRequest(ModelPointer Pointer, string PreparedDataset);
