"""rules from the plans

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 09:00:00

The forum's own rules as the plans state them (issue 16): the leader's first period,
settings for the yearly tasks and the networks' reporting date, the total grant by year;
per scheme its networks, budgets, the end of a fixed key period and agreed network
shares, and the coordinator/release limits made optional (the plans have none: the old
defaults 10 % and 20 % become "no limit"); seats with excluded roles and one place per
sector, a term's sector; a leader's eligibility reason; a conflict of interest's ground,
decision and substitute; needs reports per scheme; networks' local competence plans.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

#: What the limits were before a forum could leave them unset: not the forum's choice.
OLD_COORDINATOR_DEFAULT = 1000
OLD_RELEASE_DEFAULT = 2000


def _needsreport(unique: tuple[str, ...], with_scheme: bool) -> sa.Table:
    """The needs-report table as batch mode is to copy it (its unique key is unnamed)."""
    columns = [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("return_reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
    ]
    if with_scheme:
        columns.append(
            sa.Column(
                "scheme_code",
                sqlmodel.sql.sqltypes.AutoString(),
                server_default="",
                nullable=False,
            )
        )
    return sa.Table(
        "needsreport",
        sa.MetaData(),
        *columns,
        sa.ForeignKeyConstraint(["region_id"], ["region.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(*unique, name="uq_needsreport_" + "_".join(unique)),
        sa.Index("ix_needsreport_region_id", "region_id"),
        sa.Index("ix_needsreport_year", "year"),
    )


def upgrade() -> None:
    with op.batch_alter_table("forum", schema=None) as batch_op:
        batch_op.add_column(sa.Column("leader_first_year", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("leader_first_term_years", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reports_due_day", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reports_due_month", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("uh_feedback_week", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("conference_month", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("gathering_month", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("grants", sa.JSON(), server_default="{}", nullable=False))

    with op.batch_alter_table("scheme", schema=None) as batch_op:
        batch_op.alter_column("coordinator_max_bp", existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column("release_max_bp", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(
            sa.Column("network_agreed", sa.JSON(), server_default="{}", nullable=False)
        )
        batch_op.add_column(sa.Column("fte_year_end", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("regions", sa.JSON(), server_default="[]", nullable=False))
        batch_op.add_column(sa.Column("budgets", sa.JSON(), server_default="{}", nullable=False))
    op.execute(
        f"UPDATE scheme SET coordinator_max_bp = NULL "
        f"WHERE coordinator_max_bp = {OLD_COORDINATOR_DEFAULT}"
    )
    op.execute(
        f"UPDATE scheme SET release_max_bp = NULL WHERE release_max_bp = {OLD_RELEASE_DEFAULT}"
    )

    with op.batch_alter_table("seat", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("excluded_roles", sa.JSON(), server_default="[]", nullable=False)
        )
        batch_op.add_column(sa.Column("sectors", sa.JSON(), server_default="[]", nullable=False))

    with op.batch_alter_table("term", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "sector", sqlmodel.sql.sqltypes.AutoString(), server_default="", nullable=False
            )
        )

    with op.batch_alter_table("office", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "reason", sqlmodel.sql.sqltypes.AutoString(), server_default="", nullable=False
            )
        )

    with op.batch_alter_table("conflict", schema=None) as batch_op:
        for name in ("ground", "decided_by"):
            batch_op.add_column(
                sa.Column(
                    name, sqlmodel.sql.sqltypes.AutoString(), server_default="", nullable=False
                )
            )
        batch_op.add_column(
            sa.Column("disqualified", sa.Boolean(), server_default="1", nullable=False)
        )
        batch_op.add_column(sa.Column("substitute_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_conflict_substitute_id_person",
            "person",
            ["substitute_id"],
            ["id"],
            ondelete="SET NULL",
        )

    # A report belongs to a scheme; the ones stored so far to the default scheme.
    with op.batch_alter_table(
        "needsreport",
        schema=None,
        recreate="always",
        copy_from=_needsreport(("region_id", "year"), with_scheme=False),
    ) as batch_op:
        batch_op.add_column(
            sa.Column(
                "scheme_code",
                sqlmodel.sql.sqltypes.AutoString(),
                server_default="",
                nullable=False,
            )
        )
        batch_op.drop_constraint("uq_needsreport_region_id_year", type_="unique")
        batch_op.create_unique_constraint(
            "uq_needsreport_region_id_year_scheme_code", ["region_id", "year", "scheme_code"]
        )
    op.execute(
        "UPDATE needsreport SET scheme_code = "
        "COALESCE((SELECT code FROM scheme WHERE is_default ORDER BY id LIMIT 1), '')"
    )

    op.create_table(
        "localplan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("start_year", sa.Integer(), nullable=False),
        sa.Column("end_year", sa.Integer(), nullable=False),
        sa.Column("received", sa.Date(), nullable=True),
        sa.Column("link", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["region_id"], ["region.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("region_id", "start_year"),
    )
    with op.batch_alter_table("localplan", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_localplan_region_id"), ["region_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("localplan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_localplan_region_id"))
    op.drop_table("localplan")

    # Only one report per network and year fits the old key: the default scheme's.
    op.execute(
        "DELETE FROM needsreport WHERE scheme_code != "
        "COALESCE((SELECT code FROM scheme WHERE is_default ORDER BY id LIMIT 1), '')"
    )
    with op.batch_alter_table(
        "needsreport",
        schema=None,
        recreate="always",
        copy_from=_needsreport(("region_id", "year", "scheme_code"), with_scheme=True),
    ) as batch_op:
        batch_op.drop_constraint("uq_needsreport_region_id_year_scheme_code", type_="unique")
        batch_op.drop_column("scheme_code")
        batch_op.create_unique_constraint("uq_needsreport_region_id_year", ["region_id", "year"])

    with op.batch_alter_table("conflict", schema=None) as batch_op:
        batch_op.drop_constraint("fk_conflict_substitute_id_person", type_="foreignkey")
        for name in ("substitute_id", "disqualified", "decided_by", "ground"):
            batch_op.drop_column(name)

    with op.batch_alter_table("office", schema=None) as batch_op:
        batch_op.drop_column("reason")

    with op.batch_alter_table("term", schema=None) as batch_op:
        batch_op.drop_column("sector")

    with op.batch_alter_table("seat", schema=None) as batch_op:
        batch_op.drop_column("sectors")
        batch_op.drop_column("excluded_roles")

    op.execute(
        f"UPDATE scheme SET coordinator_max_bp = {OLD_COORDINATOR_DEFAULT} "
        "WHERE coordinator_max_bp IS NULL"
    )
    op.execute(
        f"UPDATE scheme SET release_max_bp = {OLD_RELEASE_DEFAULT} WHERE release_max_bp IS NULL"
    )
    with op.batch_alter_table("scheme", schema=None) as batch_op:
        for name in ("budgets", "regions", "fte_year_end", "network_agreed"):
            batch_op.drop_column(name)
        batch_op.alter_column("release_max_bp", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("coordinator_max_bp", existing_type=sa.Integer(), nullable=False)

    with op.batch_alter_table("forum", schema=None) as batch_op:
        for name in (
            "grants",
            "gathering_month",
            "conference_month",
            "uh_feedback_week",
            "reports_due_month",
            "reports_due_day",
            "leader_first_term_years",
            "leader_first_year",
        ):
            batch_op.drop_column(name)
