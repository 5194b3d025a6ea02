"""Problem versions, re-judges, queue priority and device classes.

Revision ID: 0003
Revises: 0002

Verdicts given before this revision have no recorded version: they count as judged on
an older version (off the leaderboards, accepted ones judged again in the background).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from runner.verdicts import SubmissionState

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# One pending re-judge per original (a unique partial index over the pending states).
PENDING_REJUDGE = (
    f"rejudge_of IS NOT NULL AND status IN ('{SubmissionState.QUEUED.value}', '{SubmissionState.RUNNING.value}')"
)


def upgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("problem_version", sa.String(64), nullable=True))
        batch.add_column(sa.Column("priority", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("requested_device", sa.String(100), nullable=True))
        batch.add_column(
            sa.Column(
                "rejudge_of",
                sa.Integer,
                sa.ForeignKey("submissions.id", name="fk_submissions_rejudge_of", ondelete="CASCADE"),
                nullable=True,
            )
        )
    op.drop_index("ix_submissions_status_id", "submissions")
    op.create_index("ix_submissions_claim", "submissions", ["status", "priority", "id"])
    op.create_index("ix_submissions_rejudge_of", "submissions", ["rejudge_of", "problem_version"])
    op.create_index(
        "ux_submissions_pending_rejudge",
        "submissions",
        ["rejudge_of"],
        unique=True,
        sqlite_where=sa.text(PENDING_REJUDGE),
        postgresql_where=sa.text(PENDING_REJUDGE),
    )
    with op.batch_alter_table("workers") as batch:
        batch.add_column(sa.Column("device", sa.String(100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workers") as batch:
        batch.drop_column("device")
    op.drop_index("ux_submissions_pending_rejudge", "submissions")
    op.drop_index("ix_submissions_rejudge_of", "submissions")
    op.drop_index("ix_submissions_claim", "submissions")
    op.create_index("ix_submissions_status_id", "submissions", ["status", "id"])
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("rejudge_of")
        batch.drop_column("requested_device")
        batch.drop_column("priority")
        batch.drop_column("problem_version")
