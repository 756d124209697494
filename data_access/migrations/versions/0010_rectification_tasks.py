"""The rectification loop: tasks, their steps and the evidence files of the answers

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 06:30:00.000000

A published round's problems become rectification_tasks (one per failing check); task_events holds every
step with who and when (published, answered, confirmed, returned, re-checked); task_evidence holds the
files an answer carries (PNG, JPEG or PDF, with their size and sha256). A store filled before gets the
three tables empty: no round has been published yet, so every problem keeps the status it had.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rectification_tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("check_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.Column("published_by", sa.String(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "state in ('open', 'submitted', 'returned', 'confirmed', 'rectified', 'passed_after_rectification', "
            "'not_rectified')",
            name=op.f("ck_rectification_tasks_state"),
        ),
        sa.ForeignKeyConstraint(
            ["check_id"],
            ["check_results.id"],
            name=op.f("fk_rectification_tasks_check_id_check_results"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rectification_tasks")),
        sa.UniqueConstraint("check_id", name=op.f("uq_rectification_tasks_check_id")),
    )
    with op.batch_alter_table("rectification_tasks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rectification_tasks_state"), ["state"], unique=False)
    op.create_table(
        "task_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=12), nullable=False),
        sa.Column("state_after", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_name", sa.String(length=64), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("link", sa.String(length=500), nullable=True),
        sa.Column("import_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "action in ('publish', 'submit', 'confirm', 'return', 'recheck')", name=op.f("ck_task_events_action")
        ),
        sa.ForeignKeyConstraint(["import_id"], ["imports.id"], name=op.f("fk_task_events_import_id_imports")),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["rectification_tasks.id"],
            name=op.f("fk_task_events_task_id_rectification_tasks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_events")),
    )
    with op.batch_alter_table("task_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_events_import_id"), ["import_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_task_events_task_id"), ["task_id"], unique=False)
    op.create_table(
        "task_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=120), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["task_events.id"], name=op.f("fk_task_evidence_event_id_task_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_evidence")),
    )
    with op.batch_alter_table("task_evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_evidence_event_id"), ["event_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("task_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_evidence_event_id"))
    op.drop_table("task_evidence")
    with op.batch_alter_table("task_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_events_task_id"))
        batch_op.drop_index(batch_op.f("ix_task_events_import_id"))
    op.drop_table("task_events")
    with op.batch_alter_table("rectification_tasks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rectification_tasks_state"))
    op.drop_table("rectification_tasks")
