"""The initial schema: users, tokens, submissions queue, workers, app state.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _owner() -> sa.Column:
    """The user a row belongs to; deleting the user deletes the row."""
    return sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(40), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("is_admin", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.Float, nullable=False),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        _owner(),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("last_used_at", sa.Float),
    )
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer, primary_key=True),
        _owner(),
        sa.Column("problem_slug", sa.String(100), nullable=False),
        sa.Column("language", sa.String(20), nullable=False),
        sa.Column("mode", sa.String(10), nullable=False),
        sa.Column("code", sa.Text, nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("message", sa.Text, nullable=False, server_default=""),
        sa.Column("result_json", sa.Text),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("worker_id", sa.String(100)),
        sa.Column("lease_token", sa.String(64)),
        sa.Column("lease_expires_at", sa.Float),
        sa.Column("device", sa.String(100)),
        sa.Column("user_ms", sa.Float),
        sa.Column("reference_ms", sa.Float),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("started_at", sa.Float),
        sa.Column("finished_at", sa.Float),
    )
    op.create_index("ix_submissions_status_id", "submissions", ["status", "id"])
    op.create_index("ix_submissions_user_problem", "submissions", ["user_id", "problem_slug"])
    op.create_index(
        "ix_submissions_problem_mode_status",
        "submissions",
        ["problem_slug", "mode", "status"],
    )
    op.create_table(
        "workers",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("pid", sa.Integer, nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("current_submission_id", sa.Integer),
        sa.Column("judged", sa.Integer, nullable=False, server_default="0"),
        sa.Column("started_at", sa.Float, nullable=False),
        sa.Column("last_heartbeat", sa.Float, nullable=False),
    )
    op.create_table(
        "app_state",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("app_state")
    op.drop_table("workers")
    op.drop_index("ix_submissions_problem_mode_status", "submissions")
    op.drop_index("ix_submissions_user_problem", "submissions")
    op.drop_index("ix_submissions_status_id", "submissions")
    op.drop_table("submissions")
    op.drop_table("api_tokens")
    op.drop_table("users")
