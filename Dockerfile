# The bot in a small image: the fact table is built at image build time, the databases live in
# a volume, and the process runs as an unprivileged user with a numeric id.
#   docker build -t vnfa-bot .
#   docker run -d --env-file .env -v vnfa-data:/app/data vnfa-bot
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 10001 --user-group --shell /usr/sbin/nologin bot

# The dependencies in their own layer, rebuilt only when pyproject.toml changes (tzdata is one
# of them: the slim image has no time zone database and TIMEZONE must resolve).
WORKDIR /src
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > requirements.txt \
    && pip install -r requirements.txt
# Then the code, without touching the dependencies again.
COPY README.md ./
COPY bot ./bot
RUN pip install --no-deps . && rm -rf /src

WORKDIR /app
COPY seeds ./seeds
ENV BOT_DB_PATH=/app/data/bot.sqlite3 \
    SEEDS_DIR=/app/seeds \
    LOG_LEVEL=INFO
RUN mkdir -p /app/data && chown 10001:10001 /app/data

USER 10001:10001
# Build the fact table now, so that the first start is instant; a named volume mounted on
# /app/data starts with these databases, and `run` rebuilds the facts if seeds/ ever changes.
RUN python -m bot build
VOLUME ["/app/data"]

# Healthy when both databases are usable and the running bot reached Telegram within
# HEALTH_MAX_AGE seconds (a successful poll, or a webhook update or check).
HEALTHCHECK --interval=30s --timeout=15s --start-period=60s --retries=3 \
    CMD ["python", "-m", "bot", "health"]

CMD ["python", "-m", "bot", "run"]
