using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Waterline.Audit;

/// <summary>Refuses to save any added, changed or removed <see cref="AuditEntry"/> through EF: entries are written only by
/// <see cref="AuditLog"/> (which assigns sequence and hash under its lock) and never changed. The database triggers
/// (<see cref="AuditEntryTriggers"/>) refuse the same to raw SQL.</summary>
public sealed class AuditEntryGuard : SaveChangesInterceptor
{
    public static AuditEntryGuard Instance { get; } = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Refuse(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Refuse(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Refuse(DbContext? context)
    {
        if (context is null)
        {
            return;
        }
        foreach (var entry in context.ChangeTracker.Entries<AuditEntry>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            {
                throw new InvalidOperationException(
                    $"The audit log is append-only: {entry.State} audit entry #{entry.Entity.Sequence} refused (entries are written only by AuditLog).");
            }
        }
    }
}
