"""written standards

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 02:20:00

Bokmål and nynorsk (issue 19): each municipality's adopted written standard, and the
forum's own document language.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "municipality",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("standard", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("municipality", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_municipality_name"), ["name"], unique=True)
    with op.batch_alter_table("forum", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "language",
                sqlmodel.sql.sqltypes.AutoString(),
                server_default="nb",
                nullable=False,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("forum", schema=None) as batch_op:
        batch_op.drop_column("language")
    with op.batch_alter_table("municipality", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_municipality_name"))
    op.drop_table("municipality")
