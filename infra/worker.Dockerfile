# GPU worker image: the Service Bus worker host on a CUDA runtime base.
# Build from the repository root:
#   docker build -f infra/worker.Dockerfile -t workflows-worker .
# TorchSharp's CUDA package is chosen here, at image build time (infra/TorchSharpCuda.targets swaps it in for
# TorchSharp-cpu); TORCHSHARP_PACKAGE=TorchSharp-cpu builds a CPU-only image on the same base.
ARG CUDA_BASE_IMAGE=nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04
ARG DOTNET_SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0

FROM ${DOTNET_SDK_IMAGE} AS build
ARG TORCHSHARP_PACKAGE=TorchSharp-cuda-linux
ARG TORCHSHARP_VERSION=0.107.0
ARG WORKER_PROJECT=src/Workflows.Worker/Workflows.Worker.csproj
WORKDIR /src
COPY . .
RUN dotnet publish "${WORKER_PROJECT}" \
      --configuration Release \
      --runtime linux-x64 \
      --self-contained true \
      --output /app \
      -p:CustomAfterMicrosoftCommonTargets=/src/infra/TorchSharpCuda.targets \
      -p:TorchSharpPackage="${TORCHSHARP_PACKAGE}" \
      -p:TorchSharpVersion="${TORCHSHARP_VERSION}"

FROM ${CUDA_BASE_IMAGE} AS runtime
# Self-contained publish: the CUDA base has no .NET of its own (globalization is invariant, so no ICU either).
RUN apt-get update \
 && apt-get install --yes --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
# Two malloc arenas keep libtorch's freed tensors from spreading over one arena per thread (WorkerAllocator explains).
ENV DOTNET_gcServer=1 \
    MALLOC_ARENA_MAX=2 \
    Workflows__Worker__Device=auto
# Scale-in sends SIGTERM: the worker abandons in-flight messages within the grace period (Bicep sets it).
STOPSIGNAL SIGTERM
USER 1000
ENTRYPOINT ["/app/Workflows.Worker"]
