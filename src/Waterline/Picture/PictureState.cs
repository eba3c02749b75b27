using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Waterline.Picture;

/// <summary>The one row that says which version of picture_cells is committed. Invariant: every transaction that
/// changes picture_cells raises Generation by one before it commits (ObservationWriter), so a reader that sees the
/// same generation as its cached <see cref="PictureCube"/> knows the cube still holds exactly the committed cells.</summary>
public sealed class PictureState
{
    /// <summary>Always <see cref="RowId"/>: the table holds one row.</summary>
    public int Id { get; set; }
    public long Generation { get; set; }

    public const int RowId = 1;

    /// <summary>Raises the generation inside the caller's transaction; creates the row on first use, so a database
    /// migrated without it still works. Same SQL on SQLite and PostgreSQL.</summary>
    public const string AdvanceSql =
        "INSERT INTO picture_state (id, generation) VALUES (1, 1) " +
        "ON CONFLICT (id) DO UPDATE SET generation = picture_state.generation + 1";

    /// <summary>No row yet reads as 0: nothing was ever written through the writer.</summary>
    public const string ReadSql = "SELECT generation FROM picture_state WHERE id = 1";
}

internal sealed class PictureStateConfiguration : IEntityTypeConfiguration<PictureState>
{
    public void Configure(EntityTypeBuilder<PictureState> builder)
    {
        builder.ToTable("picture_state");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
    }
}
