"""Team projects: project settings (blind mode, adjudication), who made each link and last edited each
record, the adjudicated layer and its decisions; on PostgreSQL also change notifications and row-level
security (in blind mode an annotator's own login cannot read another's layer).

Revision ID: 0005_team
Revises: 0004_published_day
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_team"
down_revision = "0004_published_day"
branch_labels = None
depends_on = None

# Written out here, not imported: a migration must keep meaning what it meant.
KIND_CHECK = "kind IN ('accept', 'merge', 'own', 'reject')"
CHANNEL = "factcheck_changes"
NOTIFIED_TABLES = (
    "documents",
    "document_versions",
    "labels",
    "annotations",
    "claimants",
    "annotation_links",
    "matters",
    "matter_members",
    "project_settings",
    "adjudications",
    "adjudication_sources",
)

POSTGRESQL_UP = [
    # Every committed change NOTIFYs the channel once per statement (duplicates within one transaction are
    # folded by the server): other windows see edits without polling the tables.
    f"""CREATE FUNCTION factcheck_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME); RETURN NULL; END $$""",
    *(
        f"CREATE TRIGGER factcheck_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION factcheck_notify_change()"
        for table in NOTIFIED_TABLES
    ),
    # Row-level security: a login that is neither the tables' owner nor a superuser reads only its own
    # layer while blind mode is on and adjudication is not open (members of factcheck_reviewer read all).
    """CREATE FUNCTION factcheck_is_reviewer() RETURNS boolean LANGUAGE plpgsql STABLE AS $$
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'factcheck_reviewer') THEN RETURN false; END IF;
        RETURN pg_has_role(current_user, 'factcheck_reviewer', 'MEMBER');
    END $$""",
    """CREATE FUNCTION factcheck_layers_open() RETURNS boolean LANGUAGE plpgsql STABLE AS $$
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM project_settings WHERE key = 'blind' AND value = 'on') THEN
            RETURN true;
        END IF;
        IF EXISTS (SELECT 1 FROM project_settings WHERE key = 'adjudication' AND value = 'open') THEN
            RETURN true;
        END IF;
        RETURN factcheck_is_reviewer();
    END $$""",
    "ALTER TABLE annotations ENABLE ROW LEVEL SECURITY",
    "CREATE POLICY factcheck_read ON annotations FOR SELECT "
    "USING (annotator = current_user OR (SELECT factcheck_layers_open()))",
    "CREATE POLICY factcheck_insert ON annotations FOR INSERT "
    "WITH CHECK (annotator = current_user OR (SELECT factcheck_is_reviewer()))",
    "CREATE POLICY factcheck_update ON annotations FOR UPDATE "
    "USING (annotator = current_user OR (SELECT factcheck_layers_open()))",
    "CREATE POLICY factcheck_delete ON annotations FOR DELETE "
    "USING (annotator = current_user OR (SELECT factcheck_layers_open()))",
    "ALTER TABLE annotation_links ENABLE ROW LEVEL SECURITY",
    "CREATE POLICY factcheck_links ON annotation_links "
    "USING (annotator IN (current_user, '') OR (SELECT factcheck_layers_open())) "
    "WITH CHECK (annotator = current_user OR (SELECT factcheck_layers_open()))",
]

POSTGRESQL_DOWN = [
    "DROP POLICY factcheck_links ON annotation_links",
    "ALTER TABLE annotation_links DISABLE ROW LEVEL SECURITY",
    *(f"DROP POLICY factcheck_{name} ON annotations" for name in ("read", "insert", "update", "delete")),
    "ALTER TABLE annotations DISABLE ROW LEVEL SECURITY",
    "DROP FUNCTION factcheck_layers_open()",
    "DROP FUNCTION factcheck_is_reviewer()",
    *(f"DROP TRIGGER factcheck_changes ON {table}" for table in NOTIFIED_TABLES),
    "DROP FUNCTION factcheck_notify_change()",
]


def upgrade() -> None:
    op.create_table(
        "project_settings",
        sa.Column("key", sa.String(length=50), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=200), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_project_settings")),
    )
    with op.batch_alter_table("annotations") as batch:
        batch.add_column(sa.Column("updated_by", sa.String(length=200), server_default="", nullable=False))
        batch.add_column(sa.Column("adjudicated", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.create_index(op.f("ix_annotations_annotator"), ["annotator"], unique=False)
    with op.batch_alter_table("annotation_links") as batch:
        batch.add_column(sa.Column("annotator", sa.String(length=200), server_default="", nullable=False))

    op.create_table(
        "adjudications",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("document_id", sa.String(length=36), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("result_id", sa.String(length=36), nullable=True),
        sa.Column("choices", sa.Text(), server_default="", nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(KIND_CHECK, name=op.f("ck_adjudications_kind")),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_adjudications_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["result_id"],
            ["annotations.id"],
            name=op.f("fk_adjudications_result_id_annotations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adjudications")),
    )
    with op.batch_alter_table("adjudications") as batch:
        batch.create_index(op.f("ix_adjudications_document_id"), ["document_id"], unique=False)
    op.create_table(
        "adjudication_sources",
        sa.Column("adjudication_id", sa.String(length=36), nullable=False),
        sa.Column("annotation_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["adjudication_id"],
            ["adjudications.id"],
            name=op.f("fk_adjudication_sources_adjudication_id_adjudications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["annotation_id"],
            ["annotations.id"],
            name=op.f("fk_adjudication_sources_annotation_id_annotations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("adjudication_id", "annotation_id", name=op.f("pk_adjudication_sources")),
    )
    with op.batch_alter_table("adjudication_sources") as batch:
        batch.create_index(op.f("ix_adjudication_sources_annotation_id"), ["annotation_id"], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRESQL_UP:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRESQL_DOWN:
            op.execute(statement)
    op.drop_table("adjudication_sources")
    op.drop_table("adjudications")
    with op.batch_alter_table("annotation_links") as batch:
        batch.drop_column("annotator")
    with op.batch_alter_table("annotations") as batch:
        batch.drop_index(op.f("ix_annotations_annotator"))
        batch.drop_column("adjudicated")
        batch.drop_column("updated_by")
    op.drop_table("project_settings")
