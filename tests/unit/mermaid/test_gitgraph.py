"""gitGraph parser: commits, branches, merges, cherry-picks, parent links, ordering and Mermaid's errors."""

from __future__ import annotations

import contextlib

import pytest

from autograph_desktop.mermaid.gitgraph import GitGraphSpec
from autograph_desktop.mermaid.parse import parse
from autograph_desktop.model.problems import InvalidInput


def git(body: str, header: str = "gitGraph") -> GitGraphSpec:
    spec = parse(header + "\n" + body)
    assert isinstance(spec, GitGraphSpec)
    return spec


def fails(body: str) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        parse("gitGraph\n" + body)
    return info.value


def test_linear_commits_have_one_parent_each() -> None:
    spec = git("commit\ncommit\ncommit")
    assert [len(c.parents) for c in spec.commits] == [0, 1, 1]
    assert spec.commits[1].parents == [spec.commits[0].id]
    assert spec.counts() == (3, 2) and spec.main_branch == "main"


def test_auto_ids_are_unique_and_stable() -> None:
    ids = [c.id for c in git("commit\ncommit\nbranch a\ncommit").commits]
    assert len(set(ids)) == 3
    assert ids == [c.id for c in git("commit\ncommit\nbranch a\ncommit").commits]


def test_documented_merge_example() -> None:
    spec = git("commit\ncommit\nbranch develop\ncommit\ncommit\ncommit\ncheckout main\ncommit\ncommit\n"
               "merge develop\ncommit\ncommit")
    merge = next(c for c in spec.commits if c.kind == "merge")
    assert merge.branch == "main" and merge.type == "MERGE"
    assert merge.parents == [spec.commits[6].id, spec.commits[4].id]
    # 10 commits; links: 8 single parents (the root has none) + 2 for the merge
    assert spec.counts() == (10, 10)


def test_commit_attributes_and_multiple_tags() -> None:
    spec = git('commit id: "Normal" tag: "v1.0.0"\ncommit id:"Reverse" type: REVERSE tag:"RC_1" tag: "x"\n'
               'commit type:HIGHLIGHT id: "H"\ncommit "old message"\ncommit msg: "m"')
    assert [(c.id, c.type, c.tags) for c in spec.commits[:3]] == [
        ("Normal", "NORMAL", ["v1.0.0"]), ("Reverse", "REVERSE", ["RC_1", "x"]), ("H", "HIGHLIGHT", [])]
    assert spec.commits[3].message == "old message" and spec.commits[4].message == "m"


def test_merge_attributes() -> None:
    spec = git('commit id: "1"\nbranch f\ncommit id: "2"\ncheckout main\n'
               'merge f id: "customID" tag: "customTag" type: REVERSE')
    merge = spec.commits[-1]
    assert (merge.id, merge.tags, merge.type, merge.parents) == ("customID", ["customTag"], "REVERSE", ["1", "2"])


def test_branch_from_empty_main_and_switch() -> None:
    spec = git("branch develop\ncommit\nswitch main\ncommit")
    assert spec.commits[0].branch == "develop" and spec.commits[0].parents == []
    assert spec.commits[1].branch == "main" and spec.commits[1].parents == []
    assert spec.branches[1].start is None


def test_quoted_branch_names() -> None:
    spec = git('commit\nbranch "cherry-pick"\ncommit\ncheckout "cherry-pick"\ncommit')
    assert spec.commits[-1].branch == "cherry-pick"


def test_cherry_pick() -> None:
    spec = git('commit id: "ZERO"\nbranch develop\ncommit id:"A"\ncheckout main\ncommit id:"ONE"\n'
               'checkout develop\ncommit id:"B"\ncheckout main\ncommit id:"TWO"\ncherry-pick id:"A"\n'
               'commit id:"THREE"\ncheckout develop\ncommit id:"C"')
    pick = spec.commits[5]
    assert pick.kind == "cherry_pick" and pick.cherry_pick_source == "A"
    assert pick.parents == ["TWO", "A"] and pick.tags == ["cherry-pick:A"]
    assert spec.commits[6].parents == [pick.id]


def test_cherry_pick_merge_commit_needs_parent() -> None:
    base = 'commit id: "1"\nbranch f\ncommit id: "2"\ncheckout main\nmerge f id: "M"\ncheckout f\n'
    assert "merge commit" in fails(base + 'cherry-pick id: "M"').problems[0].message
    assert "not an immediate parent" in fails(base + 'cherry-pick id: "M" parent: "9"').problems[0].message
    spec = git(base + 'cherry-pick id: "M" parent: "1" tag: ""')
    assert spec.commits[-1].cherry_pick_parent == "1" and spec.commits[-1].tags == []
    assert git(base + 'cherry-pick id: "M" parent: "2"').commits[-1].tags == ["cherry-pick:M|parent:2"]


def test_cherry_pick_parent_of_a_plain_commit() -> None:
    base = 'commit id: "1"\nbranch f\ncommit id: "2"\ncheckout main\ncommit id: "3"\n'
    assert git(base + 'cherry-pick id: "2" parent: "1"').commits[-1].tags == ["cherry-pick:2"]
    assert "not an immediate parent" in fails(base + 'cherry-pick id: "2" parent: "3"').problems[0].message


def test_merging_the_branch_the_current_one_just_came_from() -> None:
    problem = fails("commit\nbranch dev\ncheckout main\ncommit\ncheckout dev\nmerge main").problems[0]
    assert "into itself" in problem.message and "dev" in (problem.hint or "")


@pytest.mark.parametrize(("body", "words"), [
    ("commit\ncheckout nope", "does not exist"),
    ("commit\nmerge main", "into itself"),
    ("commit\nmerge ghost", "does not exist"),
    ("branch a\ncommit\ncheckout main\nmerge a", "has no commits"),
    ("commit\nbranch a\ncheckout main\nmerge a", "same head"),
    ("commit\nbranch main", "already exists"),
    ('commit id: "x"\nbranch b\ncommit\ncheckout main\nmerge b id: "x"', "already exists"),
    ('commit id: "A"\ncherry-pick id: "A"', "already on the current branch"),
    ('cherry-pick id: "Z"', "no commit"),
    ("cherry-pick", "needs the id"),
    ('branch b\ncommit id: "A"\ncheckout main\ncherry-pick id: "A"', "has no commits"),
    ("commit type: BIG", "unknown commit type"),
    ("commit foo: 1", "no attribute"),
    ('commit id: "unterminated', "cannot understand"),
    ("comit", "unknown statement"),
    ("branch", "needs a branch name"),
    ("branch a order: x", "not a number"),
    ("branch a order: nan", "not a number"),
    ("checkout main extra", "unexpected text"),
])
def test_mermaid_errors(body: str, words: str) -> None:
    problem = fails(body).problems[0]
    assert words in problem.message
    assert problem.line == body.count("\n") + 2 and problem.column and problem.hint


def test_unknown_statement_suggests_keyword() -> None:
    assert "commit" in (fails("comit").problems[0].hint or "")


def test_main_branch_name_and_order_from_config() -> None:
    spec = parse("%%{init: { 'gitGraph': {'mainBranchName': 'MetroLine1', 'mainBranchOrder': 2}} }%%\n"
                 "gitGraph\ncommit\nbranch test1 order: 3\nbranch test2\nbranch test3\nbranch test4 order: 1\n"
                 "checkout MetroLine1\ncommit")
    assert isinstance(spec, GitGraphSpec)
    assert spec.main_branch == "MetroLine1"
    assert [b.name for b in spec.ordered_branches()] == ["test2", "test3", "test4", "MetroLine1", "test1"]


def test_default_branch_order() -> None:
    spec = git("commit\nbranch test1 order: 3\nbranch test2 order: 2\nbranch test3 order: 1")
    assert [b.name for b in spec.ordered_branches()] == ["main", "test3", "test2", "test1"]


def test_direction_header() -> None:
    assert git("commit", "gitGraph TB:").direction == "TB"
    assert git("commit", "gitGraph BT:").direction == "BT"
    assert git("commit", "gitGraph:").direction == "LR"
    with pytest.raises(InvalidInput):
        git("commit", "gitGraph UP:")


def test_empty_graph_warns() -> None:
    assert git("").warnings


@pytest.mark.timeout(180)  # a hang guard: linear parsing finishes in seconds
def test_hostile_inputs() -> None:
    body = "\n".join(f"branch b{i}\ncommit\ncheckout main\ncommit\nmerge b{i}" for i in range(10_000))
    spec = git(body)
    assert spec.counts() == (30_000, 20_000 - 2 + 2 * 10_000)  # b0 and the first main commit are roots
    assert len(git("commit\n" * 100_000).commits) == 100_000
    for text in ('commit id: "' + "x" * 1_000_000, "commit " + "tag: " * 200_000, "branch " + "a" * 1_000_000,
                 'commit tag: "' + '\\"' * 500_000 + '"'):
        with contextlib.suppress(InvalidInput):
            git(text)


def test_duplicate_plain_commit_ids_warn_and_stay_distinct() -> None:
    spec = git('commit id: "Boston"\ncommit id: "x"\ncommit id: "Boston"\ncommit')
    first, _, second, last = spec.commits
    assert (first.label, second.label) == ("Boston", "Boston") and first.id != second.id
    assert last.parents == [second.id] and spec.warnings
