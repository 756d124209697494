"""A round known only from a later notice's annexes carries that notice's title

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 09:00:00.000000

rounds.title is the title of the notice a round's data come from. Suizhou's 2023年第四次 has no notice on
file: its problems and re-checks are read from notice 004's annexes, but the notices' data gave it a title
of its own, "2023年第四次全市政府网站及政务新媒体抽查", which pages then named as a source that does not
exist. A store filled before gets notice 004's title for that round (matched by its key and the old title,
so a round a user imported is never touched); the downgrade puts the old title back.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

ROUND_KEY = "sz-2023q4"
OLD_TITLE = "2023年第四次全市政府网站及政务新媒体抽查"
NEW_TITLE = "关于2024年第一次全市政府网站及政务新媒体抽查情况的通报"

_rounds = sa.table("rounds", sa.column("key", sa.String), sa.column("title", sa.Text))


def _retitle(old: str, new: str) -> None:
    op.execute(_rounds.update().where(_rounds.c.key == ROUND_KEY, _rounds.c.title == old).values(title=new))


def upgrade() -> None:
    _retitle(OLD_TITLE, NEW_TITLE)


def downgrade() -> None:
    _retitle(NEW_TITLE, OLD_TITLE)
