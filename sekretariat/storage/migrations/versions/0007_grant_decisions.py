"""grant decisions

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 23:55:00

The decision on a year's grants (issue 18): who decided, when, the reference, and the
networks whose decided amount differs from the forum's advice, each with its reason.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "grantdecision",
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("scheme_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("decided_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("decided", sa.Date(), nullable=False),
        sa.Column("reference", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("year", "scheme_code"),
    )
    with op.batch_alter_table("grantdecision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_grantdecision_year"), ["year"], unique=False)
    op.create_table(
        "grantchange",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("allocated", sa.Integer(), nullable=False),
        sa.Column("network", sa.Integer(), nullable=False),
        sa.Column("uh", sa.Integer(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["decision_id"], ["grantdecision.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["region_id"], ["region.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("decision_id", "region_id"),
    )
    with op.batch_alter_table("grantchange", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_grantchange_decision_id"), ["decision_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("grantchange", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_grantchange_decision_id"))
    op.drop_table("grantchange")
    with op.batch_alter_table("grantdecision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_grantdecision_year"))
    op.drop_table("grantdecision")
