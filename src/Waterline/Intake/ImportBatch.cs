using Waterline.Observations;

namespace Waterline.Intake;

public enum ImportStatus
{
    Running,
    Completed,
    Failed,
}

/// <summary>One import of one file or API batch, with its report. Kept so nothing about an import is lost.</summary>
public sealed class ImportBatch
{
    public long Id { get; set; }
    public ObservationKind Kind { get; set; }
    public required string FileName { get; set; }
    /// <summary>SHA-256 of the file content, hex.</summary>
    public required string ContentHash { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public ImportStatus Status { get; set; }
    public int RowsRead { get; set; }
    public int RowsAccepted { get; set; }
    public int RowsAlreadyPresent { get; set; }
    public int RowsRejected { get; set; }
    public string? Failure { get; set; }
    public List<ImportRejection> Rejections { get; set; } = [];
}

/// <summary>A rejected row: which row, which field, why.</summary>
public sealed class ImportRejection
{
    public long Id { get; set; }
    public long ImportBatchId { get; set; }
    /// <summary>1-based data row number (the header is row 0 in CSV; the first array element is row 1 in JSON).</summary>
    public int Row { get; set; }
    public required string Field { get; set; }
    public required string Reason { get; set; }
}
