using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Workflows.Jobs.Processing;
using Workflows.Torch;

namespace Workflows.Worker;

/// <summary>Prints <c>worker ready: {workerId} ({device})</c> once the processor receives, for scripts and LocalStack to wait on.</summary>
internal sealed class ReadyLine(IHostApplicationLifetime lifetime, IOptions<WorkerOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
            Console.Out.WriteLine($"worker ready: {options.Value.EffectiveWorkerId} ({TorchDevices.Parse(options.Value.Device)})"));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
