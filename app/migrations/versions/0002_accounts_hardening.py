"""Accounts: canonical usernames, disabled accounts, server-side login sessions, rate counters.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None
log = logging.getLogger(__name__)


def upgrade() -> None:
    from app.usernames import username_key

    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("username_key", sa.String(200), nullable=True))
        batch.add_column(sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("password_changed_at", sa.Float, nullable=True))
        batch.add_column(sa.Column("last_active_at", sa.Float, nullable=True))

    users = sa.table("users", sa.column("id", sa.Integer), sa.column("username", sa.String), sa.column("username_key"))
    conn = op.get_bind()
    seen: set[str] = set()
    for uid, name in conn.execute(sa.select(users.c.id, users.c.username).order_by(users.c.id)).all():
        key = username_key(name)
        if key in seen:
            # Accounts made before names were compared canonically keep working (they log
            # in with their exact name); the older account keeps the canonical key.
            log.warning("user %d (%r) looks like an earlier account; it keeps its exact name only", uid, name)
            key = f"{key}#{uid}"
        seen.add(key)
        conn.execute(sa.update(users).where(users.c.id == uid).values(username_key=key))

    with op.batch_alter_table("users") as batch:
        batch.alter_column("username_key", existing_type=sa.String(200), nullable=False)
    op.create_index("ix_users_username_key", "users", ["username_key"], unique=True)

    op.create_table(
        "login_sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("last_seen_at", sa.Float, nullable=False),
        sa.Column("expires_at", sa.Float, nullable=False),
        sa.Column("user_agent", sa.String(200), nullable=False, server_default=""),
    )
    op.create_index("ix_login_sessions_user", "login_sessions", ["user_id"])
    op.create_index("ix_login_sessions_expires", "login_sessions", ["expires_at"])
    op.create_table(
        "rate_counters",
        sa.Column("key", sa.String(255), primary_key=True),
        sa.Column("window_start", sa.Float, nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("rate_counters")
    op.drop_index("ix_login_sessions_expires", "login_sessions")
    op.drop_index("ix_login_sessions_user", "login_sessions")
    op.drop_table("login_sessions")
    op.drop_index("ix_users_username_key", "users")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("last_active_at")
        batch.drop_column("password_changed_at")
        batch.drop_column("disabled")
        batch.drop_column("username_key")
