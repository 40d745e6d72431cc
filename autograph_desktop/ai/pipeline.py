"""Generate, refine and explain: prompt -> model -> checked Mermaid -> drawn, scored diagram.

The reply is never trusted: it is searched for Mermaid, defused, parsed by our parser and drawn by our
layout. When it does not parse (or is empty, or of the wrong type) the model is asked again with the
parser's own located message, at most `fix_retries` times. A drawing that scores below the passing mark
after re-layout may be sent back once to be simplified; the better of the two is kept. Every call goes
through the fallback chain and is written to the usage log. No Qt here: the GUI runs these methods on a
worker thread and the CLI on its main thread.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from autograph_desktop.ai.build import Built, build
from autograph_desktop.ai.cancel import CancelToken
from autograph_desktop.ai.chain import FallbackChain
from autograph_desktop.ai.client import ChatReply, ChatRequest
from autograph_desktop.ai.errors import AiError
from autograph_desktop.ai.examples import HEADERS
from autograph_desktop.ai.extract import find_mermaid, sanitise
from autograph_desktop.ai.iconmap import IconResolver, detect_cloud
from autograph_desktop.ai.prompts import (
    REPLY_SCHEMA,
    ImageInput,
    explain_messages,
    fix_message,
    generate_messages,
    refine_messages,
    resolve_type,
    simplify_message,
)
from autograph_desktop.ai.usage import INVALID_MERMAID, OK, make_record
from autograph_desktop.model import InvalidInput, Problem

#: The largest image sent to a model; bigger ones are scaled down first.
MAX_IMAGE_SIDE = 2048
MAX_IMAGE_BYTES = 20 * 1024 * 1024
#: Simplifying is worth a second call only for diagrams with this many nodes or more.
SIMPLIFY_MIN_NODES = 12


@dataclass(frozen=True, slots=True)
class Progress:
    """One step the UI can show: `stage` is provider, receiving, checking, retrying, drawing,
    simplifying or done; `text` carries the streamed characters while receiving."""

    stage: str
    message: str = ""
    text: str = ""


ProgressSink = Callable[[Progress], None]


@dataclass(frozen=True, slots=True)
class GenerateRequest:
    prompt: str
    diagram_type: str = "auto"  # auto, architecture, or a Mermaid type name (flowchart, sequence, er...)
    cloud: str = "auto"  # auto, aws, azure, gcp or none (which icons architecture nodes get)
    material: str = ""  # pasted code or text to draw (SQL DDL, an OpenAPI spec, notes)
    images: tuple[ImageInput, ...] = ()


@dataclass(frozen=True, slots=True)
class _Goal:
    """What one conversation is after: the type, the style, the icons' cloud, and a fallback title."""

    kind: str
    architecture: bool
    cloud: str
    wanted: str  # the type the reply must have ("" when any will do)
    title: str


@dataclass
class DiagramResult:
    """A drawn diagram ready to preview and insert, with what it took to get it."""

    built: Built
    title: str
    calls: int
    removed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def mermaid(self) -> str:
        return self.built.mermaid


class AiPipeline:
    """The AI features over one fallback chain; `resolver` picks icons (None: no icons)."""

    def __init__(self, chain: FallbackChain, resolver: IconResolver | None = None, *, fix_retries: int = 2,
                 simplify: bool = True) -> None:
        self.chain = chain
        self.resolver = resolver
        self.fix_retries = fix_retries
        self.simplify = simplify

    # ------------------------------------------------------------------ public tasks
    def generate(self, request: GenerateRequest, progress: ProgressSink | None = None,
                 cancel: CancelToken | None = None) -> DiagramResult:
        """A new diagram from a request, pasted material or images."""
        text = f"{request.prompt}\n{request.material}"
        kind, architecture = resolve_type(request.diagram_type, text)
        chain = self.chain
        images = tuple(prepare_image(image) for image in request.images)
        if images:
            chain = self.chain.only(lambda c: c.config.supports_images)
            if not chain.clients:
                raise AiError("config", "none of your AI providers accepts images; add one that does "
                              "(OpenAI, Azure OpenAI, the AutoGraph backend or a vision model)")
        messages = generate_messages(request.prompt, kind, architecture, self._structured(chain),
                                     material=request.material, images=images)
        cloud = request.cloud if request.cloud in ("aws", "azure", "gcp") else (
            "" if request.cloud == "none" else detect_cloud(text))
        wanted = request.diagram_type if request.diagram_type not in ("auto", "architecture") else ""
        title = " ".join(request.prompt.split())[:60] or "AI diagram"
        return self._converse(chain, messages, _Goal(kind, architecture, cloud, wanted, title), progress, cancel)

    def refine(self, current: str, kind: str, instruction: str, progress: ProgressSink | None = None,
               cancel: CancelToken | None = None, cloud: str = "auto") -> DiagramResult:
        """The whole changed diagram for an instruction; the caller applies it as a diff on the canvas."""
        if not instruction.strip():
            raise AiError("config", "say what to change, e.g. \u201cadd a caching layer\u201d")
        kind = kind if kind in ("flowchart", "sequence", "er", "class", "state", "gantt", "mindmap", "timeline",
                                "pie", "gitgraph", "journey") else "flowchart"
        _, architecture = resolve_type("auto", f"{instruction}\n{current}")
        architecture = architecture and kind == "flowchart"
        messages = refine_messages(current, instruction, kind, architecture, self._structured(self.chain))
        cloud = cloud if cloud in ("aws", "azure", "gcp") else ("" if cloud == "none" else
                                                                detect_cloud(f"{instruction}\n{current}"))
        return self._converse(self.chain, messages, _Goal(kind, architecture, cloud, kind, ""), progress, cancel)

    def explain(self, current: str, progress: ProgressSink | None = None, cancel: CancelToken | None = None) -> str:
        """Prose about a diagram (shown as plain text, never as HTML)."""
        request = ChatRequest(explain_messages(current), stream=True)
        reply = self._ask(self.chain, request, progress, cancel)
        self._record(reply, OK if reply.text.strip() else "empty_reply")
        if not reply.text.strip():
            raise AiError("empty_reply", "the model sent an empty explanation", reply.provider)
        return reply.text.strip()[:20_000]

    # ------------------------------------------------------------------ the conversation
    def _structured(self, chain: FallbackChain) -> bool:
        return bool(chain.clients) and chain.clients[0].config.supports_json_schema

    def _converse(self, chain: FallbackChain, messages: list[dict[str, Any]], goal: _Goal,
                  progress: ProgressSink | None, cancel: CancelToken | None) -> DiagramResult:
        request = ChatRequest(list(messages), json_schema=REPLY_SCHEMA)
        calls = 0
        for attempt in range(self.fix_retries + 1):
            reply = self._ask(chain, request, progress, cancel)
            calls += 1
            _emit(progress, Progress("checking", "checking the diagram"))
            try:
                built, removed, title = self._check(reply, goal)
            except InvalidInput as exc:
                self._record(reply, "empty_reply" if not reply.text.strip() else INVALID_MERMAID)
                problem = _first_problem(exc)
                if attempt == self.fix_retries:
                    raise AiError("bad_reply", f"the model's diagram still did not parse after {calls} tries: "
                                  f"{problem}", reply.provider) from None
                _emit(progress, Progress("retrying", f"the reply did not parse ({problem}); asking again"))
                request.messages.extend([{"role": "assistant", "content": reply.text[:20_000] or "(empty)"},
                                         fix_message(problem)])
                continue
            self._record(reply, OK)
            break
        result = DiagramResult(built, title, calls, removed)
        if removed:
            result.notes.append("removed from the reply: " + ", ".join(removed[:5]))
        if built.layout != "default":
            result.notes.append(f"re-laid out with {built.layout}")
        if (self.simplify and not built.quality.passing and built.counts[0] >= SIMPLIFY_MIN_NODES):
            result = self._simplify(chain, request, reply, result, goal, progress, cancel)
        _emit(progress, Progress("done", built.quality.summary()))
        return result

    def _check(self, reply: ChatReply, goal: _Goal) -> tuple[Built, list[str], str]:
        extracted = find_mermaid(reply.text)
        mermaid, removed = sanitise(extracted.mermaid)
        built = build(mermaid, resolver=self.resolver, cloud=goal.cloud, architecture=goal.architecture,
                      title=extracted.title or goal.title)
        if goal.wanted and built.diagram_type != goal.wanted:
            raise InvalidInput([Problem(f"expected a {goal.wanted} diagram but got a {built.diagram_type} diagram",
                                        hint=f"start the diagram with the {HEADERS.get(goal.kind, goal.kind)} "
                                             "keyword")])
        return built, removed, extracted.title or built.diagram.meta.title

    def _simplify(self, chain: FallbackChain, request: ChatRequest, reply: ChatReply, first: DiagramResult,
                  goal: _Goal, progress: ProgressSink | None, cancel: CancelToken | None) -> DiagramResult:
        """Ask once for a simpler diagram; keep whichever of the two draws better."""
        _emit(progress, Progress("simplifying", f"{first.built.quality.summary()}: asking for a simpler diagram"))
        request.messages.extend([{"role": "assistant", "content": reply.text[:20_000]},
                                 simplify_message(first.built.quality.summary())])
        try:
            second_reply = self._ask(chain, request, progress, cancel)
        except AiError as exc:
            if exc.kind == "cancelled":
                raise
            first.notes.append(f"could not simplify: {exc.message}")
            return first
        first.calls += 1
        try:
            built, removed, title = self._check(second_reply, goal)
        except InvalidInput:
            self._record(second_reply, INVALID_MERMAID)
            first.notes.append("the simplified reply did not parse; kept the first diagram")
            return first
        self._record(second_reply, OK)
        if built.quality.score <= first.built.quality.score:
            first.notes.append(f"the simplified diagram scored {built.quality.score}; kept the first")
            return first
        return DiagramResult(built, title, first.calls, removed,
                             [*first.notes, f"simplified: quality {first.built.quality.score} -> {built.quality.score}"])

    def _ask(self, chain: FallbackChain, request: ChatRequest, progress: ProgressSink | None,
             cancel: CancelToken | None) -> ChatReply:
        def started(name: str) -> None:
            _emit(progress, Progress("provider", f"asking {name}\u2026"))

        def streamed(text: str) -> None:
            _emit(progress, Progress("receiving", text=text))

        return chain.chat(request, streamed if progress is not None else None, cancel, started)

    def _record(self, reply: ChatReply, outcome: str) -> None:
        sink = self.chain.usage
        if sink is None:
            return
        client = next((c for c in self.chain.clients if c.name == reply.provider), None)
        # Logged under the model the user configured (so totals group as they think of them), priced by the
        # model that answered when its name is known.
        kind = client.config.kind if client is not None else "custom"
        model = client.config.model_name if client is not None else reply.model
        record = make_record(reply.provider, kind, reply.model, reply.tokens_in, reply.tokens_out, reply.latency_ms,
                             outcome, configured_model=model)
        sink(replace(record, model=model))


def _emit(progress: ProgressSink | None, event: Progress) -> None:
    if progress is not None:
        progress(event)


def _first_problem(exc: InvalidInput) -> str:
    problem = exc.problems[0] if exc.problems else None
    if problem is None:
        return str(exc)
    where = f"line {problem.line}: " if problem.line is not None else ""
    hint = f" ({problem.hint})" if problem.hint else ""
    return f"{where}{problem.message}{hint}"


def prepare_image(image: ImageInput) -> ImageInput:
    """Check that the bytes are an image, and scale photos down to what models read anyway."""
    from PIL import Image, UnidentifiedImageError

    if len(image.data) > MAX_IMAGE_BYTES:
        raise AiError("too_large", f"the image is {len(image.data) / 1e6:.0f} MB; the limit is "
                      f"{MAX_IMAGE_BYTES / 1e6:.0f} MB")
    try:
        with Image.open(io.BytesIO(image.data)) as picture:
            picture.load()
            fmt = (picture.format or "").upper()
            if fmt in ("PNG", "JPEG", "WEBP", "GIF") and max(picture.size) <= MAX_IMAGE_SIDE:
                return ImageInput(image.data, f"image/{fmt.lower()}")
            picture.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
            out = io.BytesIO()
            picture.convert("RGB").save(out, "JPEG", quality=88)
            return ImageInput(out.getvalue(), "image/jpeg")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise AiError("config", f"the file is not an image AutoGraph can send ({type(exc).__name__})") from None
