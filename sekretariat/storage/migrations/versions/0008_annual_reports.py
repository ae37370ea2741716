"""annual reports

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 02:10:00

The networks' annual reports (issue 18, Innlandet plan 7): a report per network, year and
scheme with its received versions and the points of its formalia and reasonableness
control; the forum's control points and evaluation headings.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "annualreport",
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("scheme_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("return_reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["region_id"], ["region.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("region_id", "year", "scheme_code"),
    )
    with op.batch_alter_table("annualreport", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_annualreport_region_id"), ["region_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_annualreport_year"), ["year"], unique=False)
    op.create_table(
        "annualreportversion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("received", sa.Date(), nullable=True),
        sa.Column("measures", sa.JSON(), nullable=False),
        sa.Column("granted_amount", sa.Integer(), nullable=False),
        sa.Column("carried_in", sa.Integer(), nullable=False),
        sa.Column("spent_network", sa.Integer(), nullable=False),
        sa.Column("spent_uh", sa.Integer(), nullable=False),
        sa.Column("leftover_amount", sa.Integer(), nullable=False),
        sa.Column("goal_assessment", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("evaluation", sa.JSON(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["report_id"], ["annualreport.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("report_id", "number"),
    )
    with op.batch_alter_table("annualreportversion", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_annualreportversion_report_id"), ["report_id"], unique=False
        )
    op.create_table(
        "annualreportcheck",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("result", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("checked_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("checked", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["report_id"], ["annualreport.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("report_id", "code"),
    )
    with op.batch_alter_table("annualreportcheck", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_annualreportcheck_report_id"), ["report_id"], unique=False
        )
    with op.batch_alter_table("forum", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("report_checks", sa.JSON(), server_default="[]", nullable=False)
        )
        batch_op.add_column(
            sa.Column("report_headings", sa.JSON(), server_default="[]", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("forum", schema=None) as batch_op:
        batch_op.drop_column("report_headings")
        batch_op.drop_column("report_checks")
    for table in ("annualreportcheck", "annualreportversion"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_report_id"))
        op.drop_table(table)
    with op.batch_alter_table("annualreport", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_annualreport_year"))
        batch_op.drop_index(batch_op.f("ix_annualreport_region_id"))
    op.drop_table("annualreport")
