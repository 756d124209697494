"""session version on accounts, and the app's own settings

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 19:07:50.516317

users.session_version ends every session of an account at once (logout,
new password, disabled); app_settings holds the generated key that signs
session tokens when DASHBOARD_SECRET_KEY is not set.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "app_settings",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_app_settings")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_version", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_version")
    op.drop_table("app_settings")
