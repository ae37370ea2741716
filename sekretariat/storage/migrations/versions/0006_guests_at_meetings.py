"""guests at meetings

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 18:00:00

A guest who is not in the register (an innleder from a university, a visitor) is
recorded at a meeting by name and organisation (issue 15): an attendance row may have
no person, and then names its guest.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.alter_column("person_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(
            sa.Column(
                "guest_name", sqlmodel.sql.sqltypes.AutoString(), server_default="", nullable=False
            )
        )
        batch_op.add_column(
            sa.Column(
                "guest_org", sqlmodel.sql.sqltypes.AutoString(), server_default="", nullable=False
            )
        )


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM attendance WHERE person_id IS NULL"))
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_column("guest_org")
        batch_op.drop_column("guest_name")
        batch_op.alter_column("person_id", existing_type=sa.Integer(), nullable=False)
