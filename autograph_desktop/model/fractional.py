"""Fractional index keys for z-order: strings that sort between any two neighbours, forever.

Keys follow the well-known "fractional indexing" layout: a variable-length integer part whose first
character encodes its length (so appends stay short), then base-62 fraction digits with no trailing zero.
`key_between` adds random jitter so that two machines inserting between the same neighbours get
different keys; the document also breaks ties by element id, so order is deterministic regardless.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_INDEX = {c: i for i, c in enumerate(DIGITS)}
_SMALLEST_INTEGER = "A" + "0" * 26
JITTER_DIGITS = 4

_rng = random.SystemRandom()


class KeyError_(ValueError):
    """A key that is not a valid fractional index, or bounds in the wrong order."""


def _integer_length(head: str) -> int:
    if "a" <= head <= "z":
        return ord(head) - ord("a") + 2
    if "A" <= head <= "Z":
        return ord("Z") - ord(head) + 2
    raise KeyError_(f"invalid order key head {head!r}")


def _integer_part(key: str) -> str:
    length = _integer_length(key[0])
    if length > len(key):
        raise KeyError_(f"invalid order key {key!r}")
    return key[:length]


def validate_key(key: str) -> None:
    """Raise KeyError_ if `key` is not a well-formed order key."""
    if not key:
        raise KeyError_("empty order key")
    if key == _SMALLEST_INTEGER:
        raise KeyError_(f"invalid order key {key!r}")
    integer = _integer_part(key)
    if any(c not in _INDEX for c in key):
        raise KeyError_(f"invalid character in order key {key!r}")
    if key[len(integer) :].endswith("0"):
        raise KeyError_(f"order key {key!r} has a trailing zero")


_WELL_FORMED = re.compile(r"^[0-9A-Za-z]+$")


def is_valid_key(key: str) -> bool:
    if not key or not _WELL_FORMED.match(key) or len(key) < _integer_length_or_zero(key[0]):
        return False
    return not (key == _SMALLEST_INTEGER or (len(key) > _integer_length(key[0]) and key.endswith("0")))


def _integer_length_or_zero(head: str) -> int:
    return _integer_length(head) if head.isalpha() else 10**9


def _midpoint(a: str, b: str | None) -> str:
    """A fraction string strictly between fraction strings a and b (b None means 1)."""
    if b is not None and a >= b:
        raise KeyError_(f"{a!r} >= {b!r}")
    if b is not None:
        n = 0
        while (a[n] if n < len(a) else "0") == b[n]:
            n += 1
        if n > 0:
            return b[:n] + _midpoint(a[n:], b[n:])
    digit_a = _INDEX[a[0]] if a else 0
    digit_b = _INDEX[b[0]] if b is not None else len(DIGITS)
    if digit_b - digit_a > 1:
        return DIGITS[round(0.5 * (digit_a + digit_b))]
    if b is not None and len(b) > 1:
        return b[:1]
    return DIGITS[digit_a] + _midpoint(a[1:], None)


def _increment_integer(x: str) -> str | None:
    head, digits = x[0], list(x[1:])
    carry = True
    for i in range(len(digits) - 1, -1, -1):
        d = _INDEX[digits[i]] + 1
        if d == len(DIGITS):
            digits[i] = "0"
        else:
            digits[i] = DIGITS[d]
            carry = False
            break
    if not carry:
        return head + "".join(digits)
    if head == "Z":
        return "a0"
    if head == "z":
        return None
    new_head = chr(ord(head) + 1)
    if new_head > "a":
        digits.append("0")
    else:
        digits.pop()
    return new_head + "".join(digits)


def _decrement_integer(x: str) -> str | None:
    head, digits = x[0], list(x[1:])
    borrow = True
    for i in range(len(digits) - 1, -1, -1):
        d = _INDEX[digits[i]] - 1
        if d == -1:
            digits[i] = DIGITS[-1]
        else:
            digits[i] = DIGITS[d]
            borrow = False
            break
    if not borrow:
        return head + "".join(digits)
    if head == "a":
        return "Z" + DIGITS[-1]
    if head == "A":
        return None
    new_head = chr(ord(head) - 1)
    if new_head < "Z":
        digits.append(DIGITS[-1])
    else:
        digits.pop()
    return new_head + "".join(digits)


def exact_key_between(a: str | None, b: str | None) -> str:
    """The deterministic key between a and b (None = open end). Prefer `key_between`."""
    if a is not None:
        validate_key(a)
    if b is not None:
        validate_key(b)
    if a is not None and b is not None and a >= b:
        raise KeyError_(f"order keys out of order: {a!r} >= {b!r}")
    if a is None:
        if b is None:
            return "a0"
        ib = _integer_part(b)
        fb = b[len(ib) :]
        if ib == _SMALLEST_INTEGER:
            return ib + _midpoint("", fb)
        if ib < b:
            return ib
        res = _decrement_integer(ib)
        if res is None:
            raise KeyError_("cannot decrement any more")
        return res
    if b is None:
        ia = _integer_part(a)
        fa = a[len(ia) :]
        i = _increment_integer(ia)
        return ia + _midpoint(fa, None) if i is None else i
    ia = _integer_part(a)
    fa = a[len(ia) :]
    ib = _integer_part(b)
    fb = b[len(ib) :]
    if ia == ib:
        return ia + _midpoint(fa, fb)
    i = _increment_integer(ia)
    if i is None:
        raise KeyError_("cannot increment any more")
    if i < b:
        return i
    return ia + _midpoint(fa, None)


def key_between(a: str | None, b: str | None, rng: random.Random | None = None) -> str:
    """A key strictly between a and b, with random trailing digits so concurrent inserts differ."""
    key = exact_key_between(a, b)
    # Appending digits to `key` stays below b unless b extends key; move up until it does not.
    while b is not None and b.startswith(key):
        key = exact_key_between(key, b)
    r = rng or _rng
    jitter = "".join(DIGITS[r.randrange(len(DIGITS))] for _ in range(JITTER_DIGITS - 1))
    jitter += DIGITS[r.randrange(1, len(DIGITS))]
    return key + jitter


def keys_after(a: str | None, count: int) -> Iterator[str]:
    """`count` increasing keys after a (appends), short and jitter-free: for building new documents."""
    key = a
    for _ in range(count):
        key = exact_key_between(key, None)
        yield key


def keys_between(a: str | None, b: str | None, count: int) -> list[str]:
    """`count` increasing keys between a and b, spread evenly by bisection so keys stay short."""
    if count <= 0:
        return []
    if b is None:
        return list(keys_after(a, count))
    mid = key_between(a, b)
    left = count // 2
    return [*keys_between(a, mid, left), mid, *keys_between(mid, b, count - left - 1)]
