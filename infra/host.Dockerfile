# Standalone host image: DurableTask.Core on Azure Storage, the HTTP API, the container watcher and the job-events
# consumer. Build from the repository root:
#   docker build -f infra/host.Dockerfile -t workflows-host .
ARG DOTNET_SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG ASPNET_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

FROM ${DOTNET_SDK_IMAGE} AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Workflows.Host/Workflows.Host.csproj \
      --configuration Release \
      --output /app

FROM ${ASPNET_IMAGE} AS runtime
WORKDIR /app
COPY --from=build /app .
# Inside a container the API must listen beyond loopback; publish the port to 127.0.0.1 on the host instead.
ENV Workflows__Api__BindAddress=0.0.0.0 \
    Workflows__Api__Port=5080
EXPOSE 5080
USER app
ENTRYPOINT ["dotnet", "Workflows.Host.dll"]
