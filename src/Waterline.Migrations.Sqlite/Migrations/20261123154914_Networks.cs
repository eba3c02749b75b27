using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Waterline.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Networks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "subject_relations",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    observation_id = table.Column<long>(type: "INTEGER", nullable: false),
                    marking_id = table.Column<int>(type: "INTEGER", nullable: false),
                    from_subject_id = table.Column<long>(type: "INTEGER", nullable: false),
                    to_subject_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    occurred_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    amount_eur = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    count = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_subject_relations", x => x.id);
                    table.ForeignKey(
                        name: "FK_subject_relations_markings_marking_id",
                        column: x => x.marking_id,
                        principalTable: "markings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_subject_relations_observations_observation_id",
                        column: x => x.observation_id,
                        principalTable: "observations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_subject_relations_subjects_from_subject_id",
                        column: x => x.from_subject_id,
                        principalTable: "subjects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_subject_relations_subjects_to_subject_id",
                        column: x => x.to_subject_id,
                        principalTable: "subjects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_subject_relations_from_subject_id",
                table: "subject_relations",
                column: "from_subject_id");

            migrationBuilder.CreateIndex(
                name: "IX_subject_relations_marking_id",
                table: "subject_relations",
                column: "marking_id");

            migrationBuilder.CreateIndex(
                name: "IX_subject_relations_observation_id",
                table: "subject_relations",
                column: "observation_id");

            migrationBuilder.CreateIndex(
                name: "IX_subject_relations_occurred_on",
                table: "subject_relations",
                column: "occurred_on");

            migrationBuilder.CreateIndex(
                name: "IX_subject_relations_to_subject_id",
                table: "subject_relations",
                column: "to_subject_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "subject_relations");
        }
    }
}
