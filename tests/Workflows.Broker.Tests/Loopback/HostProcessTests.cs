using System.Diagnostics;
using Azure.Messaging.ServiceBus;

namespace Workflows.Broker.Tests.Loopback;

/// <summary>The broker as a process, the way the local stack starts it: ready line on stdout, clean stop on SIGTERM.</summary>
public sealed class HostProcessTests
{
    const string ReadyPrefix = "broker listening on 127.0.0.1:";

    [Fact]
    public async Task Host_PrintsReadyAndHealthLines_ServesClients_AndStopsCleanlyOnSigterm()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var host = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                Path.Combine(AppContext.BaseDirectory, "Workflows.Broker.Host.dll"),
                "--Workflows:Broker:Queues:0:Name=work",
                "--Workflows:Broker:Queues:0:LockDuration=00:00:05",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stderr = host.StandardError.ReadToEndAsync(timeout.Token);

        var ready = await host.StandardOutput.ReadLineAsync(timeout.Token);
        var health = await host.StandardOutput.ReadLineAsync(timeout.Token);
        Assert.StartsWith(ReadyPrefix, ready);
        var port = int.Parse(ready![ReadyPrefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"broker healthy on 127.0.0.1:{port}: work(active=0, locked=0, scheduled=0, dead-lettered=0, bytes=0, received=0, completed=0, duplicates=0)", health);

        await using (var client = new ServiceBusClient($"Endpoint=sb://127.0.0.1:{port};SharedAccessKeyName=k;SharedAccessKey=v;UseDevelopmentEmulator=true"))
        {
            await using var sender = client.CreateSender("work");
            await sender.SendMessageAsync(new ServiceBusMessage("through the process"), timeout.Token);
            await using var receiver = client.CreateReceiver("work");
            var received = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10), timeout.Token);
            Assert.Equal("through the process", received?.Body.ToString());
            await receiver.CompleteMessageAsync(received, timeout.Token);
        }

        using (var kill = Process.Start("kill", ["-TERM", host.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(timeout.Token);
        }

        await host.WaitForExitAsync(timeout.Token);
        Assert.Equal(0, host.ExitCode);
        Assert.Contains("Broker stopped", await stderr);
    }
}
