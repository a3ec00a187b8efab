using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Workflows.Broker;

namespace Workflows.Broker.Host;

public static class BrokerHostExtensions
{
    /// <summary>Binds <see cref="BrokerOptions"/> from its section, validates it at start and runs the broker as a hosted service.</summary>
    public static IServiceCollection AddLoopbackBroker(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BrokerOptions>().Bind(configuration.GetSection(BrokerOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BrokerOptions>, BrokerOptionsValidator>();
        services.AddHostedService<BrokerService>();
        return services;
    }
}
