"""meeting checkout and database identity

Revision ID: 0005
Revises: 0003
Create Date: 2026-11-23 09:00:00.000000
"""

import uuid

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "databaseidentity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "checkout",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("side", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("user", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("host", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("ended_at", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("ended_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("applied", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("base", sa.JSON(), nullable=False),
        sa.Column("places", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("checkout", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_checkout_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_checkout_token"), ["token"], unique=True)
    # Every database gets its identity here: a new one when it is created, an old one
    # when it is migrated. A copy of the file keeps it (it is the same database).
    op.execute(
        sa.text("INSERT INTO databaseidentity (id, uuid) VALUES (1, :uuid)").bindparams(
            uuid=uuid.uuid4().hex
        )
    )


def downgrade() -> None:
    with op.batch_alter_table("checkout", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checkout_token"))
        batch_op.drop_index(batch_op.f("ix_checkout_meeting_id"))

    op.drop_table("checkout")
    op.drop_table("databaseidentity")
