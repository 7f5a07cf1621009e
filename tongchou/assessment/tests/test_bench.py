import itertools

from tongchou.assessment import bench, selectors


def test_the_ranking_of_5000_units_takes_under_two_seconds(db):
    # given two finished rounds of 5,000 synthetic units
    assessment = bench.build(5000, 2090)
    # when
    result = bench.measure(assessment)
    # then
    assert result["units"] == 5000 and result["compared"] == 5000
    assert result["best_seconds"] < 2.0, result


def test_ties_share_a_rank_and_fewer_deductions_rank_higher(db):
    assessment = bench.build(300, 2091, seed=3)
    rows = selectors.ranking(assessment, compare=False)
    for kind in ("department", "township"):
        group = [r for r in rows if r.type == kind]
        assert group[0].rank == 1
        for a, b in itertools.pairwise(group):
            assert (a.total, -a.deduction) >= (b.total, -b.deduction)
            if (a.total, a.deduction) == (b.total, b.deduction):
                assert a.rank == b.rank and a.unit_code < b.unit_code
            else:
                assert b.rank == group.index(b) + 1
