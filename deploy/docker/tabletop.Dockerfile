# The tabletop simulator server (robotics serve-sim) and the robotics CLI the razor/train Job runs.
# Build from the repository root:  docker build -f deploy/docker/tabletop.Dockerfile -t robotics-tabletop:dev .
# .NET 10's images are Ubuntu 24.04; MuJoCo 2.2.2 and Mesa's EGL/OSMesa come from its packages, as on Debian 12.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libmujoco-dev libegl-dev libosmesa6-dev libgl-dev gcc libc6-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Directory.Build.props Directory.Build.targets Directory.Packages.props global.json Robotics.sln ./
COPY build/ build/
COPY Protos/ Protos/
COPY Policy/ Policy/
COPY Bridge/ Bridge/
COPY sim-adapter/Robotics.Tabletop/ sim-adapter/Robotics.Tabletop/
RUN dotnet publish Bridge/Robotics.Cli/Robotics.Cli.csproj -c Release -o /opt/robotics/app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update \
 && apt-get install -y --no-install-recommends libmujoco-dev libegl1 libegl-mesa0 libosmesa6 libgl1 \
 && rm -rf /var/lib/apt/lists/*
# The CLI finds the committed base (models/base-tiny) beside Robotics.sln above its own folder.
COPY --from=build /src/Robotics.sln /opt/robotics/Robotics.sln
COPY models/ /opt/robotics/models/
COPY --from=build /opt/robotics/app/ /opt/robotics/app/
# No display in a pod: render with Mesa's surfaceless EGL (OSMesa is the fallback).
ENV MUJOCO_GL=egl ROBOTICS_TORCH_THREADS=1
WORKDIR /work
USER app
EXPOSE 50051
ENTRYPOINT ["dotnet", "/opt/robotics/app/robotics.dll"]
CMD ["serve-sim", "--host", "0.0.0.0", "--port", "50051"]
