# syntax=docker/dockerfile:1
# GalaxyActors: one image with both programs, `galaxy` (CLI and seed node) and `galaxy-node` (worker node).
#   docker build -t galaxy-actors .
# Started as a seed by default (CMD seed); workers override the entrypoint with /app/galaxy-node. Every setting is a
# GALAXY__* environment variable (docs/CONFIGURATION.md): the image sets none, docker-compose.yml and deploy/k8s do.
#
# Base images: .NET 10's images are Ubuntu 24.04 "noble" (Microsoft ships no Debian images for .NET 10); glibc, not
# Alpine's musl, which ONNX Runtime's native library needs. The ASP.NET Core runtime, not the plain one: each node
# serves its health endpoint with Kestrel (GALAXY__HEALTHPORT).
ARG DOTNET_TAG=10.0-noble

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_TAG} AS build
ARG TARGETARCH
WORKDIR /src
# Restore from the project files alone, so the large package layer (ONNX Runtime, and the ResNet18 model, which
# arrives as the Microsoft.ML.DnnImageFeaturizer.ResNet18 package) is rebuilt only when a project or a version changes.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/Core/Core.csproj src/Core/
COPY src/Benchmarks/Benchmarks.csproj src/Benchmarks/
COPY src/Messages/Messages.csproj src/Messages/
COPY src/Hosting/Hosting.csproj src/Hosting/
COPY src/Seed/Seed.csproj src/Seed/
COPY src/Node/Node.csproj src/Node/
# TARGETARCH (amd64, arm64) comes from BuildKit; the legacy builder leaves it empty, then the build machine's own.
RUN arch="${TARGETARCH:-$(dpkg --print-architecture)}" \
 && dotnet restore src/Seed/Seed.csproj -a "$arch" \
 && dotnet restore src/Node/Node.csproj -a "$arch"
COPY src/ src/
# Both programs into one folder: they share every library, so the second publish adds only its own files. The
# model's package copies it to DnnImageModels/ beside the assemblies, where ImageEmbedder looks for it.
RUN arch="${TARGETARCH:-$(dpkg --print-architecture)}" \
 && dotnet publish src/Seed/Seed.csproj -c Release -a "$arch" --self-contained false --no-restore -o /app \
 && dotnet publish src/Node/Node.csproj -c Release -a "$arch" --self-contained false --no-restore -o /app \
 && test -x /app/galaxy && test -x /app/galaxy-node \
 && test -n "$(find /app/DnnImageModels -name '*.onnx' -print -quit)"

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_TAG} AS runtime
# fonts-dejavu-core: the report's figures draw text in DejaVu Sans (SkiaSharp's self-contained build reads font files
# from /usr/share/fonts; ScottPlot ships none). curl: the healthcheck of docker-compose.yml.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# Mount points (data read-only, results written by the seed node); the image's non-root user `app` owns /results so
# an empty named volume mounted there is writable.
RUN mkdir -p /data /results && chown "$APP_UID" /results
# The base image makes Kestrel listen on 8080 (ASPNETCORE_HTTP_PORTS); a node binds only its GALAXY__HEALTHPORT.
ENV PATH="/app:${PATH}" \
    ASPNETCORE_HTTP_PORTS=""
# 4053: Akka remoting (seeds; workers in containers use it too), 8558: the health endpoint, by convention.
EXPOSE 4053 8558
USER $APP_UID
# Exec form: the program is PID 1 and gets SIGTERM itself, which runs CoordinatedShutdown (leave the cluster, hand
# over shards and the singleton) within GALAXY__SHUTDOWNTIMEOUT.
ENTRYPOINT ["/app/galaxy"]
CMD ["seed"]
