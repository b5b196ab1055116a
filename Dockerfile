# The bot in a small image: the fact table is built at image build time, the database lives in
# a volume, and the process runs as an unprivileged user.
#   docker build -t vnfa-bot .
#   docker run -d --env-file .env -v vnfa-data:/app/data vnfa-bot
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin bot

# Install the package (and tzdata: the slim image has no system time zone database, and
# TIMEZONE=Asia/Ho_Chi_Minh must resolve).
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip install . tzdata && rm -rf /src

WORKDIR /app
COPY seeds ./seeds
ENV BOT_DB_PATH=/app/data/bot.sqlite3 \
    SEEDS_DIR=/app/seeds \
    LOG_LEVEL=INFO
RUN mkdir -p /app/data && chown bot:bot /app/data

USER bot
# Build the fact table now, so that the first start is instant; a named volume mounted on
# /app/data starts with this database, and `run` rebuilds it if seeds/ ever changes.
RUN python -m bot build
VOLUME ["/app/data"]

CMD ["python", "-m", "bot", "run"]
