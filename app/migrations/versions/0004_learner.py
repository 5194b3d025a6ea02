"""For the learner: editorials revealed before solving, interview rounds (attempts, the
questions asked, the submissions made in them) and the review schedule.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

ROUND_IN_PROGRESS = "finished_at IS NULL"


def _user_id() -> sa.Column:
    return sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "editorial_reveals",
        sa.Column("id", sa.Integer, primary_key=True),
        _user_id(),
        sa.Column("problem_slug", sa.String(100), nullable=False),
        sa.Column("revealed_at", sa.Float, nullable=False),
    )
    op.create_index("ux_editorial_reveals_user_problem", "editorial_reveals", ["user_id", "problem_slug"], unique=True)

    op.create_table(
        "round_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        _user_id(),
        sa.Column("round_slug", sa.String(100), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("plan_json", sa.Text, nullable=False),
        sa.Column("started_at", sa.Float, nullable=False),
        sa.Column("deadline_at", sa.Float, nullable=False),
        sa.Column("finished_at", sa.Float, nullable=True),
        sa.Column("end_reason", sa.String(20), nullable=True),
    )
    op.create_index("ix_round_attempts_user", "round_attempts", ["user_id", "started_at"])
    op.create_index(
        "ux_round_attempts_in_progress",
        "round_attempts",
        ["user_id"],
        unique=True,
        sqlite_where=sa.text(ROUND_IN_PROGRESS),
        postgresql_where=sa.text(ROUND_IN_PROGRESS),
    )

    op.create_table(
        "round_questions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "attempt_id", sa.Integer, sa.ForeignKey("round_attempts.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("problem_index", sa.Integer, nullable=False),
        sa.Column("question_index", sa.Integer, nullable=False),
        sa.Column("asked_at", sa.Float, nullable=False),
    )
    op.create_index(
        "ux_round_questions_asked", "round_questions", ["attempt_id", "problem_index", "question_index"], unique=True
    )

    op.create_table(
        "round_submissions",
        sa.Column(
            "submission_id", sa.Integer, sa.ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column(
            "attempt_id", sa.Integer, sa.ForeignKey("round_attempts.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("problem_index", sa.Integer, nullable=False),
        sa.Column("submitted_at", sa.Float, nullable=False),
    )
    op.create_index("ix_round_submissions_attempt", "round_submissions", ["attempt_id", "problem_index"])

    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        _user_id(),
        sa.Column("problem_slug", sa.String(100), nullable=False),
        sa.Column("stage", sa.Integer, nullable=False, server_default="0"),
        sa.Column("due_at", sa.Float, nullable=False),
        sa.Column("started_at", sa.Float, nullable=True),
        sa.Column("last_reviewed_at", sa.Float, nullable=True),
        sa.Column("last_passed", sa.Boolean, nullable=True),
        sa.Column("passed", sa.Integer, nullable=False, server_default="0"),
        sa.Column("failed", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("ux_reviews_user_problem", "reviews", ["user_id", "problem_slug"], unique=True)
    op.create_index("ix_reviews_user_due", "reviews", ["user_id", "due_at"])


def downgrade() -> None:
    op.drop_table("reviews")
    op.drop_table("round_submissions")
    op.drop_table("round_questions")
    op.drop_table("round_attempts")
    op.drop_table("editorial_reveals")
