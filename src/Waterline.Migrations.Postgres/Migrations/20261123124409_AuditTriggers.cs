using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Waterline.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AuditTriggers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The audit log is append-only in the database too (Audit/AuditEntryTriggers); its own migration, after
            // the table rebuilds of the one before, which SQLite cannot mix with other statements.
            migrationBuilder.Sql(Waterline.Audit.AuditEntryTriggers.Postgres);

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Waterline.Audit.AuditEntryTriggers.DropPostgres);

        }
    }
}
