"""Fractional order keys: always between their neighbours, unique under concurrent inserts, short."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograph_desktop.model.fractional import (
    KeyError_,
    exact_key_between,
    is_valid_key,
    key_between,
    keys_after,
    keys_between,
    validate_key,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1000), st.integers(0, 3)), min_size=1, max_size=200), st.integers(0, 2**32))
def test_random_concurrent_inserts_stay_ordered_and_unique(inserts: list[tuple[int, int]], seed: int) -> None:
    rng = random.Random(seed)
    keys: list[str] = []
    for position, replicas in inserts:
        i = position % (len(keys) + 1)
        low = keys[i - 1] if i > 0 else None
        high = keys[i] if i < len(keys) else None
        # Several machines insert between the same two neighbours at once.
        made = [key_between(low, high, rng) for _ in range(replicas + 1)]
        for key in made:
            assert is_valid_key(key)
            assert (low is None or low < key) and (high is None or key < high)
        assert len(set(made)) == len(made)
        keys.extend(made)
        keys.sort()
    assert len(set(keys)) == len(keys)


def test_appends_stay_short() -> None:
    keys = list(keys_after(None, 50_000))
    assert keys == sorted(keys)
    assert max(len(k) for k in keys) <= 5


def test_keys_between_spreads_evenly() -> None:
    keys = keys_between("a0", "a1", 1000)
    assert keys == sorted(keys) and len(set(keys)) == 1000
    assert all("a0" < k < "a1" for k in keys)
    assert max(len(k) for k in keys) < 60


def test_bad_bounds_are_refused() -> None:
    with pytest.raises(KeyError_):
        exact_key_between("a1", "a0")
    with pytest.raises(KeyError_):
        exact_key_between("a10", None)  # trailing zero
    assert not is_valid_key("")
    assert not is_valid_key("!!")


def test_fast_validity_check_agrees_with_the_full_validation() -> None:
    def slow(key: str) -> bool:
        try:
            validate_key(key)
        except KeyError_:
            return False
        return True

    keys = [*keys_after(None, 3000), *(key_between("a0", "a1") for _ in range(50))]
    keys += ["", "a", "a00", "A" + "0" * 26, "!!", "b", "b00", "b01", "a1x0", "zz", "Z", "Zz", "a0 "]
    for key in keys:
        assert is_valid_key(key) == slow(key), key
