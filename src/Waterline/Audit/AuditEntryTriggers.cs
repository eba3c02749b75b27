namespace Waterline.Audit;

/// <summary>Database triggers that make <c>audit_entries</c> append-only below the application too (LED art. 25: logs
/// cannot be altered). Added by the migrations with <c>migrationBuilder.Sql(...)</c>. They stop mistakes and the
/// application's own account; someone who can drop a trigger can still tamper, which the hash chain then reveals.</summary>
public static class AuditEntryTriggers
{
    public const string Postgres = """
        CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit_entries is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
        END
        $$;
        CREATE TRIGGER audit_entries_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_entries
            FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
        CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
            FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();
        """;

    public const string DropPostgres = """
        DROP TRIGGER IF EXISTS audit_entries_no_update_or_delete ON audit_entries;
        DROP TRIGGER IF EXISTS audit_entries_no_truncate ON audit_entries;
        DROP FUNCTION IF EXISTS audit_entries_append_only();
        """;

    public const string Sqlite = """
        CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
        BEGIN
            SELECT RAISE(ABORT, 'audit_entries is append-only: UPDATE refused');
        END;
        CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
        BEGIN
            SELECT RAISE(ABORT, 'audit_entries is append-only: DELETE refused');
        END;
        """;

    public const string DropSqlite = """
        DROP TRIGGER IF EXISTS audit_entries_no_update;
        DROP TRIGGER IF EXISTS audit_entries_no_delete;
        """;
}
