using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Waterline.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Linkage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "link_candidates",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    left_subject_id = table.Column<long>(type: "INTEGER", nullable: false),
                    right_subject_id = table.Column<long>(type: "INTEGER", nullable: false),
                    match_weight = table.Column<double>(type: "REAL", nullable: false),
                    match_probability = table.Column<double>(type: "REAL", nullable: false),
                    explanation = table.Column<string>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    found_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    first_confirmed_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    first_confirmed_organisation = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    first_confirmed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    decided_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    decided_organisation = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    decided_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    unmerged_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    unmerged_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_link_candidates", x => x.id);
                    table.ForeignKey(
                        name: "FK_link_candidates_subjects_left_subject_id",
                        column: x => x.left_subject_id,
                        principalTable: "subjects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_link_candidates_subjects_right_subject_id",
                        column: x => x.right_subject_id,
                        principalTable: "subjects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_link_candidates_left_subject_id_right_subject_id",
                table: "link_candidates",
                columns: new[] { "left_subject_id", "right_subject_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_link_candidates_right_subject_id",
                table: "link_candidates",
                column: "right_subject_id");

            migrationBuilder.CreateIndex(
                name: "IX_link_candidates_status",
                table: "link_candidates",
                column: "status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "link_candidates");
        }
    }
}
