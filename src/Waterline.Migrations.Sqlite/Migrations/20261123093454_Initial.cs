using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Waterline.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "import_batches",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    file_name = table.Column<string>(type: "TEXT", nullable: false),
                    content_hash = table.Column<string>(type: "TEXT", nullable: false),
                    started_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    finished_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    rows_read = table.Column<int>(type: "INTEGER", nullable: false),
                    rows_accepted = table.Column<int>(type: "INTEGER", nullable: false),
                    rows_already_present = table.Column<int>(type: "INTEGER", nullable: false),
                    rows_rejected = table.Column<int>(type: "INTEGER", nullable: false),
                    failure = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_import_batches", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "observations",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    market = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    echelon = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    occurred_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    reported_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    recorded_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    region_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true),
                    municipality_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true),
                    latitude = table.Column<double>(type: "REAL", nullable: true),
                    longitude = table.Column<double>(type: "REAL", nullable: true),
                    source_organisation = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    external_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    handling = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    tlp = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    source_grade = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    information_grade = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    legal_regime = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    notes = table.Column<string>(type: "TEXT", nullable: true),
                    import_batch_id = table.Column<long>(type: "INTEGER", nullable: true),
                    chemical = table.Column<string>(type: "TEXT", nullable: true),
                    category = table.Column<string>(type: "TEXT", nullable: true),
                    quantity = table.Column<double>(type: "REAL", nullable: true),
                    unit = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    channel = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    substance = table.Column<string>(type: "TEXT", nullable: true),
                    confirmation = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    sample_form = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    purity = table.Column<double>(type: "REAL", nullable: true),
                    signal_type = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    site_type = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    plant_count = table.Column<int>(type: "INTEGER", nullable: true),
                    quantity_kg = table.Column<double>(type: "REAL", nullable: true),
                    port = table.Column<string>(type: "TEXT", maxLength: 5, nullable: true),
                    transport_mode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    concealment = table.Column<string>(type: "TEXT", nullable: true),
                    origin_country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    destination_country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    incident_type = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    casualties = table.Column<int>(type: "INTEGER", nullable: true),
                    load = table.Column<double>(type: "REAL", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_observations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "organisations",
                columns: table => new
                {
                    code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_organisations", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "picture_cells",
                columns: table => new
                {
                    kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    market = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    echelon = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    region_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    month = table.Column<int>(type: "INTEGER", nullable: false),
                    source_organisation = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    observations = table.Column<long>(type: "INTEGER", nullable: false),
                    quantity_kg = table.Column<double>(type: "REAL", nullable: false),
                    plants = table.Column<long>(type: "INTEGER", nullable: false),
                    load_sum = table.Column<double>(type: "REAL", nullable: false),
                    load_count = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_picture_cells", x => new { x.kind, x.market, x.echelon, x.country, x.region_code, x.month, x.source_organisation });
                });

            migrationBuilder.CreateTable(
                name: "places",
                columns: table => new
                {
                    code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    level = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    name_nl = table.Column<string>(type: "TEXT", nullable: false),
                    name_fr = table.Column<string>(type: "TEXT", nullable: true),
                    name_de = table.Column<string>(type: "TEXT", nullable: true),
                    name_en = table.Column<string>(type: "TEXT", nullable: true),
                    parent_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true),
                    province_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_places", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "import_rejections",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    import_batch_id = table.Column<long>(type: "INTEGER", nullable: false),
                    row = table.Column<int>(type: "INTEGER", nullable: false),
                    field = table.Column<string>(type: "TEXT", nullable: false),
                    reason = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_import_rejections", x => x.id);
                    table.ForeignKey(
                        name: "FK_import_rejections_import_batches_import_batch_id",
                        column: x => x.import_batch_id,
                        principalTable: "import_batches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_import_rejections_import_batch_id",
                table: "import_rejections",
                column: "import_batch_id");

            migrationBuilder.CreateIndex(
                name: "IX_observations_source_organisation_external_id",
                table: "observations",
                columns: new[] { "source_organisation", "external_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_picture_cells_month",
                table: "picture_cells",
                column: "month");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "import_rejections");

            migrationBuilder.DropTable(
                name: "observations");

            migrationBuilder.DropTable(
                name: "organisations");

            migrationBuilder.DropTable(
                name: "picture_cells");

            migrationBuilder.DropTable(
                name: "places");

            migrationBuilder.DropTable(
                name: "import_batches");
        }
    }
}
