using Microsoft.DurableTask;
using Workflows.Orchestration.Ports;

namespace Workflows.Orchestration.Models;

/// <summary>Exports a ticket about to be promoted (<see cref="IRecsysTickets.ExportAsync"/>); returns the export's path.</summary>
public sealed class ExportTicket(IRecsysTickets tickets) : TaskActivity<ExportTicketRequest, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, ExportTicketRequest input) =>
        tickets.ExportAsync(input.Pointer, input.PreparedDataset, CancellationToken.None);
}
