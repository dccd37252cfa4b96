# syntax=docker/dockerfile:1
# The image of the central aggregator.
# Built from the repository root, which is the context:
#   docker build -f deploy/docker/aggregator.Dockerfile -t balkanhub/aggregator .
# (deploy/compose/compose.yaml does the same.) Configuration comes from environment variables at run time
# (docs/configuration.md); no route, key or password is baked in.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# The build runs `npm ci` for the pages' browser libraries (web/BalkanHub.Web.proj,
# web/package-lock.json), so the build stage needs Node and npm; the runtime image does not.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /repo
# Project files first, so a change to the code does not download every package again.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
# The pages' build, which each service's project imports.
COPY web/BalkanHub.Web.targets web/BalkanHub.Web.proj web/
COPY contracts/BalkanHub.Contracts/BalkanHub.Contracts.csproj contracts/BalkanHub.Contracts/
COPY contracts/BalkanHub.Api.Contracts/BalkanHub.Api.Contracts.csproj contracts/BalkanHub.Api.Contracts/
COPY src/BalkanHub.Domain/BalkanHub.Domain.csproj src/BalkanHub.Domain/
COPY src/BalkanHub.ServiceDefaults/BalkanHub.ServiceDefaults.csproj src/BalkanHub.ServiceDefaults/
COPY src/BalkanHub.Messaging/BalkanHub.Messaging.csproj src/BalkanHub.Messaging/
COPY src/BalkanHub.Aggregator/BalkanHub.Aggregator.csproj src/BalkanHub.Aggregator/
# ReadyToRun: the image carries code compiled ahead of time for its architecture, so the service starts
# without waiting for the JIT (a contact point is ready in about 1.6 s instead of 2.4 s; docs/benchmarks.md).
ARG TARGETARCH
RUN dotnet restore src/BalkanHub.Aggregator/BalkanHub.Aggregator.csproj -a "$TARGETARCH" -p:PublishReadyToRun=true
COPY web/ web/
COPY contracts/BalkanHub.Contracts/ contracts/BalkanHub.Contracts/
COPY contracts/BalkanHub.Api.Contracts/ contracts/BalkanHub.Api.Contracts/
COPY src/BalkanHub.Domain/ src/BalkanHub.Domain/
COPY src/BalkanHub.ServiceDefaults/ src/BalkanHub.ServiceDefaults/
COPY src/BalkanHub.Messaging/ src/BalkanHub.Messaging/
COPY src/BalkanHub.Aggregator/ src/BalkanHub.Aggregator/
RUN dotnet publish src/BalkanHub.Aggregator/BalkanHub.Aggregator.csproj -c Release --no-restore -a "$TARGETARCH" --self-contained false -p:PublishReadyToRun=true -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# /var/lib/balkanhub holds the service's SQLite file (a volume in compose and Kubernetes). It belongs to
# the image's non-root user, so a fresh named volume, which copies the folder's owner, is writable.
RUN mkdir -p /var/lib/balkanhub && chown "$APP_UID" /var/lib/balkanhub
WORKDIR /app
COPY --from=build /app .
USER $APP_UID
# The image's default: plain HTTP on 8080 inside the network; TLS ends at the ingress or reverse proxy.
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
# No HEALTHCHECK: the runtime image has no curl. Orchestrators probe /health/live and /health/ready.
ENTRYPOINT ["dotnet", "BalkanHub.Aggregator.dll"]
