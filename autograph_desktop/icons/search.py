"""Typo-tolerant fuzzy ranking over many short names, fast enough to run on every keystroke.

Candidates come from two precomputed indexes (sorted token list for prefix look-ups, trigram postings for
misspellings), so a query only scores the few hundred names that can match instead of every name.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence

_SPLIT = re.compile(r"[^0-9a-z]+")
#: Beyond this many prefix candidates a query is too unspecific to need trigram help.
_ENOUGH_CANDIDATES = 400


def normalise(text: str) -> tuple[str, tuple[str, ...]]:
    """Lowercase tokens of a name ("AWS Lambda-Function" -> ("aws", "lambda", "function")) and their join."""
    tokens = tuple(t for t in _SPLIT.split(text.lower()) if t)
    return "".join(tokens), tokens


def trigrams(word: str) -> set[str]:
    """Trigrams of a word padded at the start so that short words and first letters weigh in."""
    padded = f"  {word}"
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


def is_subsequence(needle: str, haystack: str) -> int:
    """-1 if the letters of `needle` do not appear in order in `haystack`, else the number of gaps."""
    pos = 0
    gaps = 0
    last = -1
    for ch in needle:
        found = haystack.find(ch, pos)
        if found < 0:
            return -1
        if last >= 0 and found != last + 1:
            gaps += 1
        last = found
        pos = found + 1
    return gaps


class FuzzyIndex:
    """Ranks items (a name plus keywords each) against a query; item order is the caller's numbering."""

    def __init__(self, items: Sequence[tuple[str, Sequence[str]]]) -> None:
        self._compact: list[str] = []
        self._name_tokens: list[tuple[str, ...]] = []
        self._all_tokens: list[frozenset[str]] = []
        postings: dict[str, list[int]] = {}
        grams: dict[str, list[int]] = {}
        for number, (name, keywords) in enumerate(items):
            compact, name_tokens = normalise(name)
            keyword_tokens: list[str] = []
            for keyword in keywords:
                keyword_tokens.extend(normalise(keyword)[1])
            every = frozenset((*name_tokens, *keyword_tokens, compact))
            self._compact.append(compact)
            self._name_tokens.append(name_tokens)
            self._all_tokens.append(every)
            for token in every:
                postings.setdefault(token, []).append(number)
            for gram in trigrams(compact):
                grams.setdefault(gram, []).append(number)
        self._sorted_names = sorted((c, n) for n, c in enumerate(self._compact))
        self._tokens = sorted(postings)
        self._postings = [postings[t] for t in self._tokens]
        self._grams = grams

    def __len__(self) -> int:
        return len(self._compact)

    # ----------------------------------------------------------------- candidates
    def _prefix_candidates(self, token: str) -> set[int]:
        out: set[int] = set()
        start = bisect.bisect_left(self._tokens, token)
        for i in range(start, len(self._tokens)):
            if not self._tokens[i].startswith(token):
                break
            out.update(self._postings[i])
        return out

    def _gram_candidates(self, compact: str) -> set[int]:
        wanted = trigrams(compact)
        counts: Counter[int] = Counter()
        for gram in wanted:
            posting = self._grams.get(gram)
            if posting:
                counts.update(posting)
        need = max(2, int(len(wanted) * 0.5))
        return {number for number, count in counts.items() if count >= need}

    def _short_query(self, compact: str, limit: int) -> list[int]:
        """One or two letters match thousands of names: take names starting with them, shortest first."""
        start = bisect.bisect_left(self._sorted_names, (compact, -1))
        found: list[tuple[int, str, int]] = []
        for name, number in self._sorted_names[start:]:
            if not name.startswith(compact):
                break
            found.append((len(name), name, number))
        found.sort()
        return [number for _, _, number in found[:limit]]

    # ----------------------------------------------------------------- ranking
    def _score(self, number: int, compact: str, tokens: tuple[str, ...], query_grams: set[str] | None) -> float:
        name = self._compact[number]
        penalty = len(name) * 0.5
        if name == compact:
            return 1000.0 - penalty
        if name.startswith(compact):
            return 800.0 - penalty
        every = self._all_tokens[number]
        name_tokens = self._name_tokens[number]
        matched = 0
        in_name = 0
        for token in tokens:
            if any(t.startswith(token) for t in name_tokens):
                matched += 1
                in_name += 1
            elif any(t.startswith(token) for t in every):
                matched += 1
        if matched == len(tokens):
            return 600.0 + 40.0 * in_name / len(tokens) - penalty
        if compact in name:
            return 500.0 - penalty
        gaps = is_subsequence(compact, name)
        if gaps >= 0 and gaps <= max(2, len(compact) // 3):
            return 300.0 - 10.0 * gaps - penalty
        if query_grams:
            overlap = len(query_grams & trigrams(name)) / len(query_grams)
            if overlap >= 0.5:
                return 100.0 + 150.0 * overlap - penalty
        if matched:
            return 50.0 * matched / len(tokens) - penalty
        return -1.0

    def search(self, query: str, limit: int = 50) -> list[int]:
        """Item numbers best first; an empty query matches nothing (the caller shows recents instead)."""
        compact, tokens = normalise(query[:200])
        if not compact or limit <= 0:
            return []
        if len(compact) <= 2 and len(tokens) == 1:
            quick = self._short_query(compact, limit)
            if len(quick) >= limit:
                return quick
        candidates: set[int] = set()
        for i, token in enumerate(tokens):
            found = self._prefix_candidates(token)
            candidates = found if i == 0 else (candidates & found if candidates & found else candidates | found)
        if len(tokens) > 1:
            candidates |= self._prefix_candidates(compact)
        query_grams: set[str] | None = None
        if len(compact) >= 3 and len(candidates) < min(limit, _ENOUGH_CANDIDATES):
            # Too few names start with the query's words: look for misspellings through shared trigrams.
            query_grams = trigrams(compact)
            candidates |= self._gram_candidates(compact)
        scored = []
        for number in candidates:
            score = self._score(number, compact, tokens, query_grams)
            if score >= 0:
                scored.append((-score, self._compact[number], number))
        scored.sort()
        return [number for _, _, number in scored[:limit]]
