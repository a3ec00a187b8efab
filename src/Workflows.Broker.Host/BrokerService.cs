using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Broker;

namespace Workflows.Broker.Host;

/// <summary>
/// Runs the broker for the lifetime of the process and announces it on stdout with two lines a parent process can
/// wait for: <c>broker listening on 127.0.0.1:PORT</c>, then the health line.
/// </summary>
internal sealed class BrokerService(IOptions<BrokerOptions> options, ILogger<LoopbackBroker> logger) : IHostedService
{
    LoopbackBroker? _broker;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _broker = await LoopbackBroker.StartAsync(options.Value, logger, cancellationToken);
        await Console.Out.WriteLineAsync($"broker listening on {_broker.Host}:{_broker.Port}");
        await Console.Out.WriteLineAsync(_broker.DescribeHealth());
        await Console.Out.FlushAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_broker is not null)
        {
            await _broker.StopAsync(cancellationToken);
        }
    }
}
