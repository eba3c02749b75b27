using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Waterline.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Displacement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "displacement_watches",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    account = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    selection = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    last_period = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: true),
                    classification = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    summary = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    checked_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    problem = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_displacement_watches", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "interventions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    dimension = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    area = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    market = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    owner = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    handling = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    tlp = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    marking_id = table.Column<int>(type: "integer", nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    recorded_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_interventions", x => x.id);
                    table.ForeignKey(
                        name: "FK_interventions_markings_marking_id",
                        column: x => x.marking_id,
                        principalTable: "markings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "displacement_alerts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    watch_id = table.Column<long>(type: "bigint", nullable: false),
                    period = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    window_from = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    previous = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    previous_summary = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    current = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    summary = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    evidence = table.Column<string>(type: "text", nullable: false),
                    raised_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    acknowledged_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    acknowledged_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_displacement_alerts", x => x.id);
                    table.ForeignKey(
                        name: "FK_displacement_alerts_displacement_watches_watch_id",
                        column: x => x.watch_id,
                        principalTable: "displacement_watches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_displacement_alerts_watch_id_acknowledged_at",
                table: "displacement_alerts",
                columns: new[] { "watch_id", "acknowledged_at" });

            migrationBuilder.CreateIndex(
                name: "IX_displacement_watches_account",
                table: "displacement_watches",
                column: "account");

            migrationBuilder.CreateIndex(
                name: "IX_interventions_date",
                table: "interventions",
                column: "date");

            migrationBuilder.CreateIndex(
                name: "IX_interventions_marking_id",
                table: "interventions",
                column: "marking_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "displacement_alerts");

            migrationBuilder.DropTable(
                name: "interventions");

            migrationBuilder.DropTable(
                name: "displacement_watches");
        }
    }
}
