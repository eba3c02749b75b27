using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Waterline.Observations;

namespace Waterline.Access;

/// <summary>A person who signs in to Waterline: one organisation, one role. Local accounts carry a password hash
/// (PBKDF2, ASP.NET Core Identity's format); accounts used through an OpenID Connect provider carry the provider's
/// subject instead or as well.</summary>
public sealed class Account
{
    public long Id { get; set; }
    /// <summary>Lower case, unique, e.g. analyst.be-fedpol.</summary>
    public required string UserName { get; set; }
    public required string DisplayName { get; set; }
    public required string OrganisationCode { get; set; }
    public Role Role { get; set; }
    /// <summary>Null for an account that signs in only through the external provider.</summary>
    public string? PasswordHash { get; set; }
    /// <summary>Failed sign-ins since the last success or lockout.</summary>
    public int FailedAttempts { get; set; }
    /// <summary>UTC; sign-in is refused before this time.</summary>
    public DateTime? LockoutEnd { get; set; }
    public DateTime CreatedAt { get; set; }
    public bool Disabled { get; set; }
    /// <summary>The value of the configured claim (default: email) by which the external provider names this person.</summary>
    public string? ExternalSubject { get; set; }

    /// <summary>The reader this account acts as, with the purpose stated for the sign-in period (if any).</summary>
    public Reader ToReader(string? purpose) => new(UserName, OrganisationCode, Role, purpose);
}

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> e)
    {
        e.ToTable("accounts");
        e.Property(a => a.UserName).HasMaxLength(Accounts.MaxUserNameLength);
        e.HasIndex(a => a.UserName).IsUnique();
        e.Property(a => a.DisplayName).HasMaxLength(200);
        e.Property(a => a.OrganisationCode).HasMaxLength(40);
        e.HasOne<Organisation>().WithMany().HasForeignKey(a => a.OrganisationCode).OnDelete(DeleteBehavior.Restrict);
        e.Property(a => a.PasswordHash).HasMaxLength(200);
        e.Property(a => a.ExternalSubject).HasMaxLength(320);
        e.HasIndex(a => a.ExternalSubject).IsUnique();
    }
}
