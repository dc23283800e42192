"""The gap, median and spread: N/A is left out, never counted as zero."""

import pytest

from kultur3.group.scoring import AreaGap, gap, median, spread, total_gap


@pytest.mark.parametrize(("desired", "current", "expected"), [
    (5, 2, 3.0), (3, 3, 0.0), (2, 4, -2.0), (None, 3, None), (4, None, None), (None, None, None),
])
def test_gap(desired, current, expected):
    assert gap(desired, current) == expected


@pytest.mark.parametrize(("values", "expected"), [
    ([1, 2, 3], 2.0), ([1, 2, 3, 4], 2.5), ([None, 4, None, 2], 3.0), ([None, None], None), ([], None),
])
def test_median_leaves_out_na(values, expected):
    assert median(values) == expected


def test_spread():
    assert spread([3, None, 1, 5]) == (1.0, 5.0)
    assert spread([None]) is None


def test_total_gap_skips_unknown_areas():
    gaps = [AreaGap(1, "a", 5, 2), AreaGap(2, "b", None, 1), AreaGap(3, "c", 4, 4)]
    assert [g.gap for g in gaps] == [3.0, None, 0.0]
    assert total_gap(g.gap for g in gaps) == 3.0
    assert total_gap([None, None]) is None


def test_mean_gap_counts_only_answered_areas():
    from kultur3.group.scoring import mean_gap
    assert mean_gap([2.0, None, 1.0]) == (1.5, 2)
    assert mean_gap([None, None]) == (None, 0)
    # A sum would rank three answered areas (total 3) above eight (total 8 × 0.5 = 4) the wrong
    # way round; the mean does not.
    assert mean_gap([1.0, 1.0, 1.0])[0] > mean_gap([0.5] * 8)[0]
