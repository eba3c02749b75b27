using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Waterline.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Access : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_picture_cells",
                table: "picture_cells");

            migrationBuilder.DropIndex(
                name: "IX_picture_cells_month",
                table: "picture_cells");

            migrationBuilder.AddColumn<int>(
                name: "marking_id",
                table: "picture_cells",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "marking_id",
                table: "observations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddPrimaryKey(
                name: "PK_picture_cells",
                table: "picture_cells",
                columns: new[] { "kind", "market", "echelon", "country", "region_code", "month", "source_organisation", "marking_id" });

            migrationBuilder.CreateTable(
                name: "accounts",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    display_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    organisation_code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    role = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    password_hash = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    failed_attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    lockout_end = table.Column<DateTime>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    disabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    external_subject = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_accounts", x => x.id);
                    table.ForeignKey(
                        name: "FK_accounts_organisations_organisation_code",
                        column: x => x.organisation_code,
                        principalTable: "organisations",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    occurred_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    actor = table.Column<string>(type: "TEXT", nullable: false),
                    organisation = table.Column<string>(type: "TEXT", nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    what = table.Column<string>(type: "TEXT", nullable: false),
                    purpose = table.Column<string>(type: "TEXT", nullable: true),
                    recipient = table.Column<string>(type: "TEXT", nullable: true),
                    detail = table.Column<string>(type: "TEXT", nullable: true),
                    previous_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_entries", x => x.sequence);
                });

            migrationBuilder.CreateTable(
                name: "forwarding_consents",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    observation_id = table.Column<long>(type: "INTEGER", nullable: false),
                    recipient = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    given_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    given_by_organisation = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    given_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forwarding_consents", x => x.id);
                    table.ForeignKey(
                        name: "FK_forwarding_consents_observations_observation_id",
                        column: x => x.observation_id,
                        principalTable: "observations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "markings",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    owner = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    handling = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    tlp = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_markings", x => x.id);
                    table.ForeignKey(
                        name: "FK_markings_organisations_owner",
                        column: x => x.owner,
                        principalTable: "organisations",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "picture_state",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false),
                    generation = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_picture_state", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "releasability_sets",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    description = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_releasability_sets", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "subjects",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    observation_id = table.Column<long>(type: "INTEGER", nullable: false),
                    marking_id = table.Column<int>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    role = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    birth_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    identifier = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    address = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_subjects", x => x.id);
                    table.ForeignKey(
                        name: "FK_subjects_markings_marking_id",
                        column: x => x.marking_id,
                        principalTable: "markings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_subjects_observations_observation_id",
                        column: x => x.observation_id,
                        principalTable: "observations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "marking_releases",
                columns: table => new
                {
                    marking_id = table.Column<int>(type: "INTEGER", nullable: false),
                    set_id = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_marking_releases", x => new { x.marking_id, x.set_id });
                    table.ForeignKey(
                        name: "FK_marking_releases_markings_marking_id",
                        column: x => x.marking_id,
                        principalTable: "markings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_marking_releases_releasability_sets_set_id",
                        column: x => x.set_id,
                        principalTable: "releasability_sets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "releasability_members",
                columns: table => new
                {
                    set_id = table.Column<int>(type: "INTEGER", nullable: false),
                    organisation = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_releasability_members", x => new { x.set_id, x.organisation });
                    table.ForeignKey(
                        name: "FK_releasability_members_organisations_organisation",
                        column: x => x.organisation,
                        principalTable: "organisations",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_releasability_members_releasability_sets_set_id",
                        column: x => x.set_id,
                        principalTable: "releasability_sets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_accounts_external_subject",
                table: "accounts",
                column: "external_subject",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_accounts_organisation_code",
                table: "accounts",
                column: "organisation_code");

            migrationBuilder.CreateIndex(
                name: "IX_accounts_user_name",
                table: "accounts",
                column: "user_name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_actor",
                table: "audit_entries",
                column: "actor");

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_occurred_at",
                table: "audit_entries",
                column: "occurred_at");

            migrationBuilder.CreateIndex(
                name: "IX_forwarding_consents_observation_id_recipient",
                table: "forwarding_consents",
                columns: new[] { "observation_id", "recipient" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_marking_releases_set_id",
                table: "marking_releases",
                column: "set_id");

            migrationBuilder.CreateIndex(
                name: "IX_markings_key",
                table: "markings",
                column: "key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_markings_owner",
                table: "markings",
                column: "owner");

            migrationBuilder.CreateIndex(
                name: "IX_releasability_members_organisation",
                table: "releasability_members",
                column: "organisation");

            migrationBuilder.CreateIndex(
                name: "IX_releasability_sets_name",
                table: "releasability_sets",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_subjects_marking_id",
                table: "subjects",
                column: "marking_id");

            migrationBuilder.CreateIndex(
                name: "IX_subjects_observation_id",
                table: "subjects",
                column: "observation_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "accounts");

            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "forwarding_consents");

            migrationBuilder.DropTable(
                name: "marking_releases");

            migrationBuilder.DropTable(
                name: "picture_state");

            migrationBuilder.DropTable(
                name: "releasability_members");

            migrationBuilder.DropTable(
                name: "subjects");

            migrationBuilder.DropTable(
                name: "releasability_sets");

            migrationBuilder.DropTable(
                name: "markings");

            migrationBuilder.DropPrimaryKey(
                name: "PK_picture_cells",
                table: "picture_cells");

            migrationBuilder.DropColumn(
                name: "marking_id",
                table: "picture_cells");

            migrationBuilder.DropColumn(
                name: "marking_id",
                table: "observations");

            migrationBuilder.AddPrimaryKey(
                name: "PK_picture_cells",
                table: "picture_cells",
                columns: new[] { "kind", "market", "echelon", "country", "region_code", "month", "source_organisation" });

            migrationBuilder.CreateIndex(
                name: "IX_picture_cells_month",
                table: "picture_cells",
                column: "month");
        }
    }
}
