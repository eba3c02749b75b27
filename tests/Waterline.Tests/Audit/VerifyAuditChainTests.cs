using Microsoft.EntityFrameworkCore;
using Waterline.Audit;
using Waterline.Cli.Audit;
using Waterline.Storage;
using static Waterline.Tests.Audit.AuditTesting;

namespace Waterline.Tests.Audit;

public sealed class VerifyAuditChainTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_empty_log_verifies_with_no_head(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var result = await VerifyAsync(test);
        Assert.True(result.Intact);
        Assert.Equal(0, result.Verified);
        Assert.Null(result.HeadSequence);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Changing_one_field_of_one_entry_in_sql_is_found_at_that_entry(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await AppendManyAsync(test, 20);
        await TamperAsync(test, "UPDATE audit_entries SET purpose = 'case 2026/118' WHERE sequence = 9");

        var result = await VerifyAsync(test);
        Assert.Equal(new VerifyAuditChain.Break(9, AuditChainBreak.ContentChanged,
            "entry #9 was changed: its fields no longer give its stored hash."), result.FirstBreak);
        Assert.Equal(8, result.Verified);
        Assert.Equal(8, result.HeadSequence);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_action_rewritten_to_a_name_the_application_does_not_know_is_reported_not_crashed_on(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await AppendManyAsync(test, 5);
        await TamperAsync(test, "UPDATE audit_entries SET action = 'Nothing' WHERE sequence = 4");

        var result = await VerifyAsync(test);
        Assert.Equal(4, result.FirstBreak?.Sequence);
        Assert.Equal(AuditChainBreak.ContentChanged, result.FirstBreak?.Kind);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deleting_an_entry_is_found_as_a_missing_sequence_number(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await AppendManyAsync(test, 20);
        await TamperAsync(test, "DELETE FROM audit_entries WHERE sequence = 14");

        var result = await VerifyAsync(test);
        Assert.Equal(new VerifyAuditChain.Break(14, AuditChainBreak.Missing, "entry #14 is missing (the next present entry is #15)."), result.FirstBreak);
        Assert.Equal(13, result.Verified);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deleting_the_first_entries_is_found_at_entry_1(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await AppendManyAsync(test, 5);
        await TamperAsync(test, "DELETE FROM audit_entries WHERE sequence <= 2");

        var result = await VerifyAsync(test);
        Assert.Equal(1, result.FirstBreak?.Sequence);
        Assert.Equal(AuditChainBreak.Missing, result.FirstBreak?.Kind);
        Assert.Equal(0, result.Verified);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Swapping_two_entries_is_found_as_a_reordering_at_the_first(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await AppendManyAsync(test, 10);
        await TamperAsync(test, "UPDATE audit_entries SET sequence = -1 WHERE sequence = 6; " +
            "UPDATE audit_entries SET sequence = 6 WHERE sequence = 7; UPDATE audit_entries SET sequence = 7 WHERE sequence = -1");

        var result = await VerifyAsync(test);
        Assert.Equal(6, result.FirstBreak?.Sequence);
        Assert.Equal(AuditChainBreak.Reordered, result.FirstBreak?.Kind);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_entry_rewritten_with_a_recomputed_hash_breaks_the_link_to_the_next(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await AppendManyAsync(test, 10);
        AuditEntry original;
        await using (var db = test.NewContext())
        {
            original = await db.Set<AuditEntry>().AsNoTracking().SingleAsync(e => e.Sequence == 5);
        }
        var forged = AuditHash.Compute(original.PreviousHash, 5, original.OccurredAt, "someone.else", original.Organisation,
            original.Action.ToString(), original.What, original.Purpose, original.Recipient, original.Detail);
        await TamperAsync(test, $"UPDATE audit_entries SET actor = 'someone.else', hash = '{forged}' WHERE sequence = 5");

        var result = await VerifyAsync(test);
        Assert.Equal(6, result.FirstBreak?.Sequence);
        Assert.Equal(AuditChainBreak.Relinked, result.FirstBreak?.Kind);
        Assert.Contains("entry #6 does not follow entry #5", result.FirstBreak?.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_log_cut_short_is_found_only_against_an_anchor_kept_outside(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await AppendManyAsync(test, 12);
        var before = await VerifyAsync(test);
        var anchor = new AuditAnchor(before.HeadSequence!.Value, before.HeadHash!);
        await TamperAsync(test, "DELETE FROM audit_entries WHERE sequence > 9");

        // Without the anchor the shorter chain is consistent in itself: the limit of a hash chain.
        Assert.True((await VerifyAsync(test)).Intact);
        var result = await VerifyAsync(test, anchor);
        Assert.Equal(10, result.FirstBreak?.Sequence);
        Assert.Equal(AuditChainBreak.Missing, result.FirstBreak?.Kind);
        Assert.Equal(9, result.Verified);

        var wrong = await VerifyAsync(test, new AuditAnchor(3, new string('a', 64)));
        Assert.Equal(new VerifyAuditChain.Break(3, AuditChainBreak.AnchorMismatch, wrong.FirstBreak!.Explanation), wrong.FirstBreak);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_verify_command_exits_0_on_a_sound_chain_and_1_naming_the_first_broken_entry(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await AppendManyAsync(test, 6);
        var (exit, output, _) = await VerifyCommandAsync(test);
        Assert.Equal(AuditCommand.Intact, exit);
        Assert.StartsWith("Audit chain intact: 6 entries verified. Head: 6:", output, StringComparison.Ordinal);

        await TamperAsync(test, "UPDATE audit_entries SET recipient = 'nobody' WHERE sequence = 3");
        (exit, _, var error) = await VerifyCommandAsync(test);
        Assert.Equal(AuditCommand.Broken, exit);
        Assert.StartsWith("Audit chain BROKEN at entry #3 (ContentChanged): entry #3 was changed", error, StringComparison.Ordinal);

        (exit, _, error) = await VerifyCommandAsync(test, "3:xyz");
        Assert.Equal(AuditCommand.BadArguments, exit);
        Assert.StartsWith("--anchor: '3:xyz'", error, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Out, string Err)> VerifyCommandAsync(TestDatabase test, params string[] anchors)
    {
        await using var db = test.NewContext();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await AuditCommand.VerifyAsync(db, anchors, stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
