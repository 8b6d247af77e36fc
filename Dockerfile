# One by One: a slim, non-root image. Build: docker build -t onebyone .
# Run: docker run -p 8000:8000 onebyone   (settings: ONEBYONE_* variables, see README)

# Build stage: the virtual environment with the dependencies (wheels only, no compiler needed).
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml ./
COPY scripts/image ./scripts/image
RUN ./scripts/image install /opt/venv /src

# Final stage: the venv and the source tree, nothing else; no build tools, no pip cache.
FROM python:3.11-slim
RUN groupadd --system --gid 10001 onebyone \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin onebyone
COPY --from=build /opt/venv /opt/venv
WORKDIR /srv/onebyone
COPY app ./app
COPY templates ./templates
COPY static ./static
COPY scripts/image ./scripts/image
ENV ONEBYONE_HOST=0.0.0.0 \
    ONEBYONE_PORT=8000 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["/opt/venv/bin/python", "-m", "app.healthcheck"]
# The server's arbiter is PID 1's only child (exec), so SIGTERM reaches it: it passes it to the workers,
# which drain, finish what is in flight, then exit.
ENTRYPOINT ["/srv/onebyone/scripts/image", "start", "/opt/venv", "/srv/onebyone"]
