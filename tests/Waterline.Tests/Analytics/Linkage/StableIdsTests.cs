using Waterline.Analytics.Linkage;

namespace Waterline.Tests.Analytics.Linkage;

// Each case is one situation of an incremental run: old entity ids for the existing records, a new clustering over
// existing and new records, and the ids the rule in Clustering.AssignStableIds must give.
public sealed class StableIdsTests
{
    [Fact]
    public void Clusters_that_keep_their_members_keep_their_ids_and_nothing_is_retired()
    {
        long[] previous = [10, 10, 11, 11, 12];
        int[] cluster = [0, 0, 2, 2, 4];

        var result = Clustering.AssignStableIds(previous, cluster, 13);

        Assert.Equal(previous, result.EntityIds);
        Assert.Equal(13, result.NextFreshId);
        Assert.Empty(result.Retired);
    }

    [Fact]
    public void A_new_record_that_joins_a_cluster_takes_its_id()
    {
        long[] previous = [10, 10, 11];
        int[] cluster = [0, 0, 2, 2];

        var result = Clustering.AssignStableIds(previous, cluster, 12);

        Assert.Equal([10, 10, 11, 11], result.EntityIds);
        Assert.Equal(12, result.NextFreshId);
    }

    [Fact]
    public void New_records_on_their_own_or_together_get_fresh_ids_in_record_order()
    {
        long[] previous = [10, 11];
        int[] cluster = [0, 1, 4, 3, 4, 3];

        var result = Clustering.AssignStableIds(previous, cluster, 12);

        // Cluster 4 starts at record 2, cluster 3 at record 3: fresh 12 then 13.
        Assert.Equal([10, 11, 12, 13, 12, 13], result.EntityIds);
        Assert.Equal(14, result.NextFreshId);
    }

    [Fact]
    public void A_merge_takes_the_id_of_the_old_entity_with_most_records_and_retires_the_other()
    {
        long[] previous = [11, 10, 11, 11, 10];
        int[] cluster = [0, 0, 0, 0, 0];

        var result = Clustering.AssignStableIds(previous, cluster, 12);

        Assert.Equal(Enumerable.Repeat(11L, 5), result.EntityIds);
        Assert.Equal([10], result.Retired);
        Assert.Equal(12, result.NextFreshId);
    }

    [Fact]
    public void A_merge_of_equal_sizes_takes_the_oldest_id_whatever_the_record_order()
    {
        Assert.Equal(Enumerable.Repeat(10L, 4), Clustering.AssignStableIds([10, 10, 11, 11], [7, 7, 7, 7], 12).EntityIds);
        Assert.Equal(Enumerable.Repeat(10L, 4), Clustering.AssignStableIds([11, 11, 10, 10], [7, 7, 7, 7], 12).EntityIds);
        Assert.Equal([11], Clustering.AssignStableIds([11, 11, 10, 10], [7, 7, 7, 7], 12).Retired);
    }

    [Fact]
    public void A_split_keeps_the_id_for_the_part_with_most_old_records_and_gives_the_others_fresh_ids()
    {
        long[] previous = [10, 10, 10, 10, 10, 10];
        int[] cluster = [0, 1, 1, 1, 4, 4];

        var result = Clustering.AssignStableIds(previous, cluster, 20);

        Assert.Equal([20, 10, 10, 10, 21, 21], result.EntityIds);
        Assert.Equal(22, result.NextFreshId);
        Assert.Empty(result.Retired);
    }

    [Fact]
    public void A_split_into_equal_parts_keeps_the_id_for_the_part_with_the_smallest_record()
    {
        var result = Clustering.AssignStableIds([10, 10, 10, 10], [3, 2, 3, 2], 11);

        Assert.Equal([10, 11, 10, 11], result.EntityIds);
    }

    [Fact]
    public void New_records_do_not_count_when_a_split_decides_which_part_keeps_the_id()
    {
        // Old entity 10 = records 0, 1, 2. Part {0} gains three new records, part {1, 2} none: {1, 2} keeps 10.
        long[] previous = [10, 10, 10];
        int[] cluster = [0, 1, 1, 0, 0, 0];

        var result = Clustering.AssignStableIds(previous, cluster, 11);

        Assert.Equal([11, 10, 10, 11, 11, 11], result.EntityIds);
    }

    [Fact]
    public void A_merge_and_a_split_at_once_give_each_old_id_to_at_most_one_cluster()
    {
        // Old: 10 = {0, 1, 2, 3}, 11 = {4, 5, 6}. New: {0, 1, 4, 5, 6} and {2, 3}.
        // Claims by shared records: (A, 11) = 3 first, then (A, 10) = 2 refused (A has an id), (B, 10) = 2 granted.
        long[] previous = [10, 10, 10, 10, 11, 11, 11];
        int[] cluster = [0, 0, 2, 2, 0, 0, 0];

        var result = Clustering.AssignStableIds(previous, cluster, 12);

        Assert.Equal([11, 11, 10, 10, 11, 11, 11], result.EntityIds);
        Assert.Empty(result.Retired);
        Assert.Equal(12, result.NextFreshId);
    }

    [Fact]
    public void Running_again_with_the_same_clustering_changes_nothing()
    {
        long[] previous = [5, 5, 9, 9, 9];
        int[] cluster = [0, 1, 1, 3, 3, 5, 1];
        var first = Clustering.AssignStableIds(previous, cluster, 10);

        var second = Clustering.AssignStableIds(first.EntityIds, cluster, first.NextFreshId);

        Assert.Equal(first.EntityIds, second.EntityIds);
        Assert.Equal(first.NextFreshId, second.NextFreshId);
        Assert.Empty(second.Retired);
    }

    [Fact]
    public void Ids_from_connected_components_carry_over_when_a_new_record_bridges_two_entities()
    {
        // Before: {0, 1} and {2, 3, 4}. The new record 5 matches 1 and 2, merging both into one entity.
        int[] left = [0, 2, 3];
        int[] right = [1, 3, 4];
        double[] probability = [0.9, 0.9, 0.9];
        var before = Clustering.ConnectedComponents(5, left, right, probability, 0.5);
        var first = Clustering.AssignStableIds([], before, 100);
        Assert.Equal([100, 100, 101, 101, 101], first.EntityIds);

        var after = Clustering.ConnectedComponents(6, [.. left, 1, 2], [.. right, 5, 5], [.. probability, 0.9, 0.9], 0.5);
        var second = Clustering.AssignStableIds(first.EntityIds, after, first.NextFreshId);

        Assert.Equal(Enumerable.Repeat(101L, 6), second.EntityIds);
        Assert.Equal([100], second.Retired);
        Assert.Equal(102, second.NextFreshId);
    }

    [Fact]
    public void A_fresh_id_that_could_collide_with_an_existing_one_or_a_clustering_that_misses_records_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Clustering.AssignStableIds([3, 7], [0, 1], 7));
        Assert.Throws<ArgumentException>(() => Clustering.AssignStableIds([3, 7], [0], 8));
    }
}
