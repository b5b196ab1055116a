"""The state database's schema, as migrations: each runs once, in order, recorded in schema_migrations.

The fact tables of migrations 1 and 3 moved to their own database (bot.storage.opening.FACT_SCHEMA);
migration 5 drops them from the state database.
"""

from __future__ import annotations

# Each migration runs once, in order, and is recorded in schema_migrations.
MIGRATIONS: list[tuple[int, str]] = [
    (
        1,
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY, file TEXT NOT NULL, title TEXT NOT NULL,
            outlet TEXT, author TEXT, published TEXT
        );
        CREATE TABLE sentences (
            id INTEGER PRIMARY KEY, article_id INTEGER NOT NULL REFERENCES articles(id),
            paragraph INTEGER NOT NULL, text TEXT NOT NULL, caption INTEGER NOT NULL
        );
        CREATE TABLE paragraphs (
            article_id INTEGER NOT NULL, idx INTEGER NOT NULL, text TEXT NOT NULL,
            heading INTEGER NOT NULL, PRIMARY KEY (article_id, idx)
        );
        CREATE TABLE facts (
            id TEXT PRIMARY KEY, position INTEGER NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL,
            sentence_id INTEGER NOT NULL REFERENCES sentences(id), date TEXT, fields TEXT NOT NULL
        );
        CREATE INDEX facts_kind ON facts(kind);
        CREATE INDEX facts_date ON facts(date);
        CREATE VIRTUAL TABLE facts_fts USING fts5(fact_id UNINDEXED, body, tokenize = 'unicode61');
        CREATE TABLE users (
            user_id INTEGER PRIMARY KEY, language TEXT, first_seen REAL NOT NULL,
            last_seen REAL NOT NULL, blocked INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE chats (
            chat_id INTEGER PRIMARY KEY, type TEXT NOT NULL, title TEXT,
            first_seen REAL NOT NULL, last_seen REAL NOT NULL
        );
        CREATE TABLE feedback (
            user_id INTEGER NOT NULL, fact_id TEXT NOT NULL, value INTEGER NOT NULL,
            ts REAL NOT NULL, PRIMARY KEY (user_id, fact_id)
        );
        CREATE TABLE questions (
            id INTEGER PRIMARY KEY, user_id INTEGER, chat_id INTEGER, text TEXT NOT NULL,
            found INTEGER NOT NULL, ts REAL NOT NULL
        );
        """,
    ),
    (
        2,
        """
        CREATE TABLE subscriptions (
            chat_id INTEGER PRIMARY KEY, chat_type TEXT NOT NULL, active INTEGER NOT NULL,
            created REAL NOT NULL, updated REAL NOT NULL, reason TEXT
        );
        CREATE TABLE broadcasts (
            id INTEGER PRIMARY KEY, kind TEXT NOT NULL, text TEXT, from_chat_id INTEGER,
            message_id INTEGER, created_by INTEGER, created REAL NOT NULL,
            status TEXT NOT NULL, digest_key TEXT UNIQUE, progress_chat_id INTEGER,
            progress_message_id INTEGER, finished REAL
        );
        CREATE TABLE outbox (
            broadcast_id INTEGER NOT NULL REFERENCES broadcasts(id), chat_id INTEGER NOT NULL,
            position INTEGER NOT NULL, state TEXT NOT NULL, error TEXT, updated REAL NOT NULL,
            PRIMARY KEY (broadcast_id, chat_id)
        );
        CREATE INDEX outbox_state ON outbox(broadcast_id, state, position);
        CREATE TABLE digest_rotation (fact_id TEXT PRIMARY KEY, posted REAL NOT NULL);
        """,
    ),
    (
        3,
        """
        ALTER TABLE articles ADD COLUMN url TEXT;
        ALTER TABLE sentences ADD COLUMN refers_to TEXT;
        """,
    ),
    # Study mode (quizzes): the polls sent, every answer, each user's Leitner card per fact,
    # and the chats that chose the daily quiz. Self-contained: only new tables.
    (
        4,
        """
        CREATE TABLE quiz_polls (
            poll_id TEXT PRIMARY KEY, chat_id INTEGER NOT NULL, message_id INTEGER,
            fact_id TEXT NOT NULL, topic TEXT NOT NULL, correct INTEGER NOT NULL,
            created REAL NOT NULL
        );
        CREATE TABLE quiz_answers (
            poll_id TEXT NOT NULL, user_id INTEGER NOT NULL, chat_id INTEGER NOT NULL,
            name TEXT, fact_id TEXT NOT NULL, topic TEXT NOT NULL, correct INTEGER NOT NULL,
            ts REAL NOT NULL, PRIMARY KEY (poll_id, user_id)
        );
        CREATE INDEX quiz_answers_user ON quiz_answers(user_id, ts);
        CREATE INDEX quiz_answers_chat ON quiz_answers(chat_id);
        CREATE TABLE quiz_cards (
            user_id INTEGER NOT NULL, fact_id TEXT NOT NULL, box INTEGER NOT NULL,
            due REAL NOT NULL, PRIMARY KEY (user_id, fact_id)
        );
        CREATE TABLE quiz_subscriptions (
            chat_id INTEGER PRIMARY KEY, chat_type TEXT NOT NULL, active INTEGER NOT NULL,
            updated REAL NOT NULL
        );
        """,
    ),
    (
        # The fact tables move to their own database (bot.storage.opening): the state database
        # keeps only what users and admins gave the bot.
        5,
        """
        DROP TABLE IF EXISTS main.facts_fts;
        DROP TABLE IF EXISTS main.facts;
        DROP TABLE IF EXISTS main.sentences;
        DROP TABLE IF EXISTS main.paragraphs;
        DROP TABLE IF EXISTS main.articles;
        DROP TABLE IF EXISTS main.meta;
        """,
    ),
    (
        # The update inbox: every update is stored here before Telegram is told it was received,
        # and marked done once it is answered (bot.storage.inbox).
        6,
        """
        CREATE TABLE main.update_inbox (
            update_id INTEGER PRIMARY KEY, body TEXT NOT NULL, state TEXT NOT NULL,
            received REAL NOT NULL, updated REAL NOT NULL, error TEXT
        );
        CREATE INDEX main.update_inbox_state ON update_inbox(state, update_id);
        """,
    ),
    (
        # Articles added and removed while the bot runs (bot.storage.corpus), for /about.
        7,
        """
        CREATE TABLE main.corpus_changes (
            id INTEGER PRIMARY KEY, ts REAL NOT NULL, action TEXT NOT NULL, file TEXT NOT NULL,
            title TEXT NOT NULL, by TEXT
        );
        """,
    ),
]
