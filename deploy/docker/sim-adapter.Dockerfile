# The Python adapter (robotics-sim-adapter) serving ManiSkill3 on a GPU node.
# Build from the repository root:  docker build -f deploy/docker/sim-adapter.Dockerfile -t robotics-sim-adapter:dev .
# ManiSkill3 renders with Vulkan through the NVIDIA driver the container runtime mounts (NVIDIA_DRIVER_CAPABILITIES).

FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-pip libvulkan1 libegl1 libgl1 \
 && rm -rf /var/lib/apt/lists/*
COPY sim-adapter/python/ /opt/sim-adapter/
RUN pip3 install --no-cache-dir '/opt/sim-adapter[maniskill3]'
ENV NVIDIA_DRIVER_CAPABILITIES=compute,utility,graphics
RUN useradd --create-home --uid 1000 sim
USER sim
EXPOSE 50051
ENTRYPOINT ["robotics-sim-adapter"]
CMD ["--backend", "maniskill3", "--host", "0.0.0.0", "--port", "50051"]
