"""Mermaid `gantt` -> `GanttSpec`: settings, sections and tasks with computed start and end dates.

Like Mermaid, settings (`dateFormat`, `excludes`, ...) apply to the whole chart wherever they appear, and
task dates are computed after reading everything, so `after x` may name a task defined further down. Tasks
are resolved in dependency order (Kahn's algorithm, linear), a circle of `after`/`until` references is an
error, and durations skip excluded days exactly as Mermaid's day-by-day walk does.

`counts()`: nodes = tasks (milestones and `vert` markers included), edges = dependencies, one per id named
after `after` (so `after a b` counts two).
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from autograph_desktop.mermaid.common import Prepared, error, warning
from autograph_desktop.mermaid.ganttdates import (
    WEEKDAYS,
    DateError,
    DateFormat,
    Duration,
    Exclusions,
    compile_format,
    extend_for_exclusions,
    parse_duration,
    parse_iso,
)
from autograph_desktop.mermaid.textutil import (
    Statement,
    body_statements,
    clean_label,
    parse_title,
    split_statements,
)
from autograph_desktop.model.problems import InvalidInput, Problem

TAGS: tuple[str, ...] = ("active", "done", "crit", "milestone", "vert")
DEFAULT_DATE_FORMAT = "YYYY-MM-DD"
_TICK = re.compile(r"([1-9][0-9]*)(millisecond|second|minute|hour|day|week|month)")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_AFTER = re.compile(r"after\s+([\w\- ]+)", re.I)
_UNTIL = re.compile(r"until\s+([\w\- ]+)", re.I)
#: Unknown ids are reported, but a line naming 500k unknown ids gets a handful of warnings, not 500k.
_MAX_WARNINGS_PER_TASK = 5
_MAX_IGNORED_WARNINGS = 20
#: Longer formats are not dates; refusing them keeps format compilation trivially cheap.
_MAX_FORMAT_CHARS = 100
_SETTINGS: frozenset[str] = frozenset(
    ("dateformat", "axisformat", "tickinterval", "excludes", "includes", "todaymarker", "weekday", "weekend",
     "inclusiveenddates", "topaxis", "displaymode", "section", "click", "workdayhours", "title"))


@dataclass
class GanttSection:
    name: str
    line: int | None = None


@dataclass
class GanttTask:
    """One bar. `start_kind`: date | after | previous; `end_kind`: date | duration | until | none.

    `start`/`end` are the computed dates (naive datetimes); `after`/`until` keep the referenced ids.
    """

    index: int
    id: str
    name: str
    section: int | None
    tags: list[str] = field(default_factory=list)
    start_kind: Literal["date", "after", "previous"] = "previous"
    start_date: datetime | None = None
    after: list[str] = field(default_factory=list)
    end_kind: Literal["date", "duration", "until", "none"] = "none"
    end_date: datetime | None = None
    duration: str | None = None
    until: list[str] = field(default_factory=list)
    start: datetime | None = None
    end: datetime | None = None
    explicit_id: bool = False
    #: The metadata as written after the colon (tags, id, start, end): what an export writes back.
    meta: str = ""
    line: int | None = None

    @property
    def milestone(self) -> bool:
        return "milestone" in self.tags


@dataclass
class GanttClick:
    """`click ids href "url"` or `click ids call fn(args)`."""

    task_ids: list[str]
    href: str | None = None
    callback: str | None = None
    line: int | None = None


@dataclass
class GanttSpec:
    """A parsed gantt chart; dates are computed, so the layout only has to place bars on an axis."""

    title: str | None = None
    date_format: str = DEFAULT_DATE_FORMAT
    axis_format: str | None = None
    tick_interval: str | None = None
    today_marker: str | None = None
    weekday: str | None = None
    inclusive_end_dates: bool = False
    top_axis: bool = False
    display_mode: str | None = None
    workday_hours: float | None = None
    exclusions: Exclusions = field(default_factory=Exclusions)
    excludes: list[str] = field(default_factory=list)
    sections: list[GanttSection] = field(default_factory=list)
    tasks: list[GanttTask] = field(default_factory=list)
    clicks: list[GanttClick] = field(default_factory=list)
    #: Every setting statement but title and section, as written (an export writes them back).
    settings: list[str] = field(default_factory=list)
    acc_title: str | None = None
    acc_descr: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    diagram_type: str = "gantt"

    def counts(self) -> tuple[int, int]:
        """Mermaid's meaning: nodes = tasks, edges = `after` references (one per referenced id)."""
        return len(self.tasks), sum(len(t.after) for t in self.tasks)

    def span(self) -> tuple[datetime, datetime] | None:
        """Earliest start and latest end over all tasks (the axis range)."""
        starts = [t.start for t in self.tasks if t.start is not None]
        ends = [t.end for t in self.tasks if t.end is not None]
        if not starts or not ends:
            return None
        return min(starts), max(ends)

    def task(self, task_id: str) -> GanttTask | None:
        return next((t for t in self.tasks if t.id == task_id), None)


@dataclass
class _RawTask:
    task: GanttTask
    statement: Statement
    data: str
    data_column: int
    #: Mermaid's "manual end": an end date written as YYYY-MM-DD is never pushed past excluded days.
    manual_end: bool = False


class _Reader:
    """First pass: settings and raw tasks. Dates are computed later, with the final settings."""

    def __init__(self, prepared: Prepared) -> None:
        self.prepared = prepared
        self.spec = GanttSpec(title=prepared.title)
        self.raw: list[_RawTask] = []
        self.exclude_items: list[tuple[Statement, str, int]] = []
        self.include_items: list[tuple[Statement, str, int]] = []
        self.date_format_statement: Statement | None = None

    def fail(self, st: Statement, message: str, hint: str, column: int | None = None) -> InvalidInput:
        return error(st.line, message, column=column or st.column, hint=hint, source=self.prepared.source)

    def read(self) -> None:
        statements = split_statements(self.prepared.lines)
        for st in body_statements(statements, self.spec):
            word, _, rest = st.text.partition(" ")
            key = word.lower()
            if key in _SETTINGS and (":" not in word):
                self.setting(st, key, rest.strip())
            else:
                self.task(st)

    def setting(self, st: Statement, key: str, value: str) -> None:
        spec = self.spec
        if key not in ("title", "section"):
            spec.settings.append(st.text)
        value_column = st.column + len(st.text) - len(value)
        if key == "title":
            spec.title = parse_title(st.text)
        elif key == "dateformat":
            if not value:
                raise self.fail(st, "dateFormat needs a format", hint="write  dateFormat YYYY-MM-DD")
            if len(value) > _MAX_FORMAT_CHARS:
                raise self.fail(st, f"the dateFormat is {len(value):,} characters long", column=value_column,
                                hint="a date format is short, e.g.  dateFormat YYYY-MM-DD HH:mm")
            spec.date_format = value
            self.date_format_statement = st
        elif key == "axisformat":
            spec.axis_format = value
        elif key == "tickinterval":
            if _TICK.fullmatch(value):
                spec.tick_interval = value
            else:
                spec.warnings.append(warning(st.line, f"tickInterval '{value}' is not valid and is ignored",
                                             column=value_column,
                                             hint="write e.g.  tickInterval 1week  (millisecond, second, "
                                                  "minute, hour, day, week or month)"))
        elif key in ("excludes", "includes"):
            target = self.exclude_items if key == "excludes" else self.include_items
            for match in re.finditer(r"[^\s,]+", value):
                target.append((st, match.group(0), value_column + match.start()))
        elif key == "todaymarker":
            spec.today_marker = value or None
        elif key == "weekday":
            if value.lower() not in WEEKDAYS:
                raise self.fail(st, f"'{value}' is not a weekday", column=value_column,
                                hint="write e.g.  weekday monday")
            spec.weekday = value.lower()
        elif key == "weekend":
            if value.lower() not in ("friday", "saturday"):
                raise self.fail(st, f"a weekend starts on friday or saturday, not '{value}'", column=value_column,
                                hint="write  weekend friday  or  weekend saturday")
            spec.exclusions.weekend_start = value.lower()
        elif key == "inclusiveenddates":
            spec.inclusive_end_dates = True
        elif key == "topaxis":
            spec.top_axis = True
        elif key == "displaymode":
            spec.display_mode = value or None
        elif key == "workdayhours":
            try:
                spec.workday_hours = float(value)
            except ValueError:
                raise self.fail(st, f"workdayhours '{value}' is not a number", column=value_column,
                                hint="write e.g.  workdayhours 8") from None
        elif key == "section":
            if not value:
                raise self.fail(st, "the section has no name", hint="write  section Development")
            spec.sections.append(GanttSection(clean_label(value), st.line.number))
        elif key == "click":
            self.click(st, value, value_column)

    def click(self, st: Statement, value: str, column: int) -> None:
        match = re.match(r"([^\s]+)\s+(href|call)\s+(.*)$", value, re.S)
        if not match:
            raise self.fail(st, "cannot understand this click", column=column,
                            hint='write  click taskId href "https://..."  or  click taskId call fn(args)')
        ids = [i for i in match.group(1).split(",") if i]
        target = match.group(3).strip()
        if match.group(2) == "href":
            self.spec.clicks.append(GanttClick(ids, href=target.strip('"'), line=st.line.number))
        else:
            self.spec.clicks.append(GanttClick(ids, callback=target, line=st.line.number))

    def task(self, st: Statement) -> None:
        name, colon, data = st.text.partition(":")
        if not colon:
            raise self.fail(st, f"cannot understand '{st.text[:60]}'",
                            hint="a task looks like  Design :d1, 2024-01-01, 3d;  settings are dateFormat, "
                                 "axisFormat, excludes, section, title, ...")
        if not name.strip():
            raise self.fail(st, "the task has no name", hint="write  Design :d1, 2024-01-01, 3d")
        index = len(self.spec.tasks)
        task = GanttTask(index, "", clean_label(name),
                         len(self.spec.sections) - 1 if self.spec.sections else None, meta=data.strip(),
                         line=st.line.number)
        self.spec.tasks.append(task)
        self.raw.append(_RawTask(task, st, data, st.column + len(name) + 1))


class _Compiler:
    """Second pass: interpret each task's metadata, then compute dates in dependency order."""

    def __init__(self, reader: _Reader) -> None:
        self.reader = reader
        self.spec = reader.spec
        self.prepared = reader.prepared
        self.format: DateFormat = compile_format(self.spec.date_format)
        self.by_id: dict[str, int] = {}
        self.auto_ids = 0
        self.ignored_count = 0

    def fail(self, st: Statement, message: str, hint: str, column: int | None = None) -> InvalidInput:
        return self.reader.fail(st, message, hint, column)

    def warn(self, st: Statement, message: str, hint: str, column: int | None = None) -> None:
        self.spec.warnings.append(warning(st.line, message, column=column or st.column, hint=hint))

    def parse_date(self, st: Statement, text: str, column: int, *, fallback: bool) -> datetime | None:
        """A date in the chart's dateFormat; ISO 8601 as Mermaid's JavaScript fallback when `fallback`."""
        try:
            value = self.format.parse(text)
        except DateError as exc:
            raise self.fail(st, str(exc), column=column,
                            hint=f"dates follow the dateFormat {self.spec.date_format}") from None
        if value is None and fallback:
            value = parse_iso(text)
            if value is not None:
                self.warn(st, f"'{text}' does not match the dateFormat {self.spec.date_format}; read as an ISO date",
                          column=column, hint=f"write dates as {self.spec.date_format}, or change dateFormat")
        return value

    def exclusions(self) -> None:
        """Mermaid silently ignores excludes/includes it cannot read; we ignore them too, with a warning."""
        ex = self.spec.exclusions
        for st, item, column in self.reader.exclude_items:
            low = item.lower()
            self.spec.excludes.append(low)
            if low == "weekends":
                ex.weekends = True
            elif low in WEEKDAYS:
                ex.weekdays.add(WEEKDAYS.index(low))
            elif low == "weekdays":
                self.ignored(st, column, "'weekdays' cannot be excluded; it is ignored",
                             "exclude specific days (monday ...), 'weekends' or dates")
            else:
                day = self.setting_date(st, item, column)
                if day is None:
                    self.ignored(st, column, f"'{item}' is not a date in the dateFormat {self.spec.date_format}; "
                                 "it is ignored", "excludes takes weekends, day names (sunday) or dates")
                else:
                    ex.dates.add(day.date())
        for st, item, column in self.reader.include_items:
            day = self.setting_date(st, item, column)
            if day is None:
                self.ignored(st, column, f"'{item}' is not a date in the dateFormat {self.spec.date_format}; it is "
                             "ignored", "includes takes dates that override excludes")
            else:
                ex.includes.add(day.date())
        if len(ex.excluded_weekdays()) == 7:
            st = self.reader.exclude_items[-1][0]
            raise self.fail(st, "every day of the week is excluded, so no task can ever end",
                            hint="remove one of the excluded days")

    def setting_date(self, st: Statement, item: str, column: int) -> datetime | None:
        try:
            return self.parse_date(st, item, column, fallback=True)
        except InvalidInput:
            return None

    def ignored(self, st: Statement, column: int, message: str, hint: str) -> None:
        self.ignored_count += 1
        if self.ignored_count <= _MAX_IGNORED_WARNINGS:
            self.warn(st, message, column=column, hint=hint)

    def metadata(self, raw: _RawTask) -> None:
        """Tags first, then 1-3 items: [id,] [start,] end - exactly Mermaid's reading."""
        task, st = raw.task, raw.statement
        items: list[tuple[str, int]] = []
        offset = 0
        for piece in raw.data.split(","):
            items.append((piece.strip(), raw.data_column + offset + len(piece) - len(piece.lstrip())))
            offset += len(piece) + 1
        while items and items[0][0].lower() in TAGS:
            tag = items.pop(0)[0].lower()
            if tag not in task.tags:
                task.tags.append(tag)
        if not items:
            items = [("", raw.data_column + len(raw.data))]
        if len(items) > 3:
            text, column = items[3]
            raise self.fail(st, f"too many items after the task name ('{text[:30]}')", column=column,
                            hint="the form is  name : [tags,] [id,] [start,] end  - tags must come first")
        if len(items) == 3:
            task_id, column = items.pop(0)
            if not re.fullmatch(r"[\w\-.]+", task_id):
                raise self.fail(st, f"'{task_id}' is not a valid task id", column=column,
                                hint="ids are letters, digits, '-' and '_'; tags (done, active, crit, milestone) "
                                     "must come first")
            task.id = task_id
            task.explicit_id = True
        else:
            # Mermaid numbers only the tasks without an id: task1, task2, ...
            self.auto_ids += 1
            task.id = f"task{self.auto_ids}"
        if len(items) == 2:
            self.start_item(raw, *items.pop(0))
        self.end_item(raw, *items[0])

    def start_item(self, raw: _RawTask, text: str, column: int) -> None:
        task, st = raw.task, raw.statement
        after = _AFTER.fullmatch(text)
        if after:
            task.start_kind = "after"
            task.after = after.group(1).split()
            return
        value = self.parse_date(st, text, column, fallback=True)
        if value is None:
            hint = f"write the start as a date like {self._example()} or as  after <task id>"
            if text.lower() in TAGS:
                hint = "tags (done, active, crit, milestone) must come before the id and dates"
            raise self.fail(st, f"'{text}' is not a date in the dateFormat {self.spec.date_format}",
                            column=column, hint=hint)
        task.start_kind = "date"
        task.start_date = value

    def end_item(self, raw: _RawTask, text: str, column: int) -> None:
        task, st = raw.task, raw.statement
        until = _UNTIL.fullmatch(text)
        if until:
            task.end_kind = "until"
            task.until = until.group(1).split()
            return
        value = self.parse_date(st, text, column, fallback=False)
        if value is not None:
            task.end_kind = "date"
            task.end_date = value + timedelta(days=1) if self.spec.inclusive_end_dates else value
            raw.manual_end = bool(_ISO_DAY.fullmatch(text))
            return
        if parse_duration(text) is not None:
            task.end_kind = "duration"
            task.duration = text
            return
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}.*", text) or (self.format.has_date and re.search(r"\d", text)
                                                             and not re.search(r"[a-zA-Z]", text)):
            value = self.parse_date(st, text, column, fallback=True)
            if value is None:
                raise self.fail(st, f"'{text}' is not a date in the dateFormat {self.spec.date_format}",
                                column=column, hint=f"write the end as a date like {self._example()} or a "
                                                    "duration like 3d, 1w, 24h")
            task.end_kind = "date"
            task.end_date = value + timedelta(days=1) if self.spec.inclusive_end_dates else value
            return
        task.end_kind = "none"
        if _AFTER.fullmatch(text):
            self.warn(st, f"'{text}' gives a start but no end; the task has no length", column=column,
                      hint=f"add a duration or an end date:  {text}, 3d")
            return
        self.warn(st, f"'{text}' is neither a date nor a duration; the task has no length" if text else
                  "the task has no end; it has no length", column=column,
                  hint="end a task with a date, a duration (3d, 1w, 24h, 30m) or  until <task id>")

    def _example(self) -> str:
        return {"YYYY-MM-DD": "2024-01-31"}.get(self.spec.date_format, self.spec.date_format)

    # -- dates -----------------------------------------------------------------------------------------
    def dependencies(self, index: int) -> list[int]:
        task = self.spec.tasks[index]
        deps: list[int] = []
        for ref in (*task.after, *task.until):
            found = self.by_id.get(ref)
            if found is not None:
                deps.append(found)
        unresolved_after = task.start_kind == "after" and not any(r in self.by_id for r in task.after)
        if (task.start_kind == "previous" or unresolved_after) and index > 0:
            deps.append(index - 1)  # the start falls back to the end of the task written before
        return deps

    def resolve(self) -> None:
        tasks = self.spec.tasks
        for raw in self.reader.raw:
            previous = self.by_id.get(raw.task.id)
            if previous is not None and raw.task.explicit_id:
                self.warn(raw.statement, f"task id '{raw.task.id}' is also used on line {tasks[previous].line}; "
                          "references use this later one", hint="give every task a unique id")
            self.by_id[raw.task.id] = raw.task.index
        deps = [self.dependencies(i) for i in range(len(tasks))]
        waiting = [len(d) for d in deps]
        dependents: list[list[int]] = [[] for _ in tasks]
        for i, ds in enumerate(deps):
            for d in ds:
                dependents[d].append(i)
        queue = deque(i for i, n in enumerate(waiting) if n == 0)
        done = 0
        while queue:
            i = queue.popleft()
            self.compute(i)
            done += 1
            for j in dependents[i]:
                waiting[j] -= 1
                if waiting[j] == 0:
                    queue.append(j)
        if done < len(tasks):
            self.cycle(deps, waiting)

    def cycle(self, deps: list[list[int]], waiting: list[int]) -> None:
        tasks = self.spec.tasks
        start = next(i for i, n in enumerate(waiting) if n > 0)
        seen: dict[int, int] = {}
        path: list[int] = []
        node = start
        while node not in seen:
            seen[node] = len(path)
            path.append(node)
            node = next(d for d in deps[node] if waiting[d] > 0)
        loop = [*path[seen[node]:], node]
        first = self.reader.raw[loop[0]].statement
        names = " -> ".join(tasks[i].id for i in loop)
        raise self.fail(first, f"tasks depend on each other in a circle: {names}",
                        hint="a task cannot start after (or run until) a task that waits for it")

    def compute(self, index: int) -> None:
        task = self.spec.tasks[index]
        raw = self.reader.raw[index]
        st = raw.statement
        try:
            start = self.start_of(task, raw)
            task.start = start
            end = start
            if task.end_kind == "date":
                assert task.end_date is not None
                end = task.end_date
                if end < start:
                    self.warn(st, f"task '{task.name}' ends before it starts", hint="check the start and end dates")
            elif task.end_kind == "duration":
                duration = parse_duration(task.duration or "")
                assert isinstance(duration, Duration)
                end = duration.add_to(start)
            elif task.end_kind == "until":
                found = [self.spec.tasks[self.by_id[r]] for r in task.until if r in self.by_id]
                missing = [r for r in dict.fromkeys(task.until) if r not in self.by_id]
                for ref in missing[:_MAX_WARNINGS_PER_TASK]:
                    if ref not in self.by_id:
                        self.warn(st, f"'until {ref}': there is no task with id '{ref}'",
                                  hint="give the task an id:  name :id, 2024-01-01, 3d")
                starts = [t.start for t in found if t.start is not None]
                end = min(starts) if starts else start
            if not raw.manual_end:
                # Mermaid skips excluded days for every end except one written literally as YYYY-MM-DD.
                end, cut = extend_for_exclusions(start, end, self.spec.exclusions)
                if cut:
                    self.warn(st, f"task '{task.name}' is too long to skip excluded days", hint="shorten it")
            task.end = end
        except OverflowError:
            raise self.fail(st, f"the dates of task '{task.name}' fall outside years 1-9999",
                            hint="check the duration and the start date") from None

    def start_of(self, task: GanttTask, raw: _RawTask) -> datetime:
        st = raw.statement
        if task.start_kind == "date":
            assert task.start_date is not None
            return task.start_date
        if task.start_kind == "after":
            ends = []
            warned = 0
            for ref in dict.fromkeys(task.after):
                found = self.by_id.get(ref)
                if found is None:
                    warned += 1
                    if warned <= _MAX_WARNINGS_PER_TASK:
                        self.warn(st, f"'after {ref}': there is no task with id '{ref}'",
                                  column=raw.data_column + raw.data.find(ref),
                                  hint="give that task an id:  name :id, 2024-01-01, 3d")
                    continue
                end = self.spec.tasks[found].end
                if end is not None:
                    ends.append(end)
            if ends:
                return max(ends)
        if task.index == 0 or self.spec.tasks[task.index - 1].end is None:
            raise self.fail(st, f"task '{task.name}' has no start date",
                            hint=f"give the first task a start, e.g.  {task.name} :{self._example()}, 3d")
        end = self.spec.tasks[task.index - 1].end
        assert end is not None
        return end


def parse(prepared: Prepared) -> GanttSpec:
    """Parse a prepared `gantt` and compute every task's start and end."""
    reader = _Reader(prepared)
    reader.read()
    compiler = _Compiler(reader)
    compiler.exclusions()
    for raw in reader.raw:
        compiler.metadata(raw)
    compiler.resolve()
    spec = reader.spec
    spec.warnings = [*prepared.warnings, *spec.warnings]
    return spec
