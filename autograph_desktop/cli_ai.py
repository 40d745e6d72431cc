"""`autograph ai`: generate, refine or explain a diagram with the user's AI provider, headless.

    autograph ai "PROMPT" -o OUTPUT [--type T] [--provider NAME] [--base-url URL --model M]
    autograph ai "add a cache" --refine diagram.autograph -o diagram.autograph
    autograph ai --explain diagram.mmd

Providers come from Preferences (`ai_providers.json`); `--base-url`/`--model` name one for this run only.
The key comes from the OS keyring, or from `AUTOGRAPH_AI_API_KEY` (CI): it is sent to the one provider
chosen with `--provider`/`--base-url` (or the only one configured) and never printed or logged. Every
call is written to the library's usage log. Output goes through the export path (any export format).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from typing import Any

from autograph_desktop.model.problems import InvalidInput

EXIT_OK, EXIT_ERROR, EXIT_INVALID = 0, 1, 2
TYPES = ("auto", "architecture", "flowchart", "sequence", "er", "class", "state", "gantt", "mindmap", "timeline",
         "pie", "gitgraph", "journey")


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "ai", help="generate, refine or explain a diagram with an AI provider",
        description="Describe a diagram in words and get it drawn; refine an existing diagram in words; or "
                    "explain one. The model's answer is parsed as Mermaid and checked, never executed.")
    p.add_argument("prompt", nargs="?", default="", help="what to draw, or what to change with --refine")
    p.add_argument("-o", "--output", metavar="OUTPUT", help="output file; the format follows the extension "
                   "(.autograph, .svg, .png, .pdf, .drawio, .excalidraw, .mmd)")
    p.add_argument("--type", choices=TYPES, default="auto", help="diagram type (default: detected)")
    p.add_argument("--cloud", choices=("auto", "aws", "azure", "gcp", "none"), default="auto",
                   help="which cloud's icons architecture nodes get (default: detected)")
    p.add_argument("--provider", metavar="NAME", help="use only this configured provider")
    p.add_argument("--base-url", metavar="URL", help="an OpenAI-compatible endpoint for this run (with --model)")
    p.add_argument("--model", metavar="M", help="the model for --base-url")
    p.add_argument("--preset", choices=("custom", "openai", "ollama", "local", "azure"), default="custom",
                   help="what kind of endpoint --base-url is (azure: --model is the deployment)")
    p.add_argument("--timeout", type=float, metavar="S", help="seconds to wait for an answer")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--refine", metavar="FILE", help="change this diagram as PROMPT says")
    mode.add_argument("--explain", metavar="FILE", help="print an explanation of this diagram")
    p.add_argument("--from", dest="material", metavar="FILE",
                   help="draw from this code or text (SQL DDL, an OpenAPI spec, notes)")
    p.add_argument("--image", metavar="FILE", help="draw from a whiteboard photo or a diagram screenshot")
    p.set_defaults(func=run)


def _error(message: str) -> None:
    print(f"autograph ai: {message}", file=sys.stderr)


def _providers(args: argparse.Namespace) -> tuple[list[Any], str | None]:
    """(providers in fallback order, the one that may use the environment's key)."""
    from autograph_desktop.ai.profiles import load_profiles, profiles_path
    from autograph_desktop.ai.providers import ProviderConfig
    from autograph_desktop.config import app_paths, load_settings

    if args.base_url:
        if not args.model:
            raise InvalidInput([_problem("--base-url needs --model (for Azure: the deployment name)")])
        config = ProviderConfig(name="command line", kind=args.preset, base_url=args.base_url,
                                model="" if args.preset == "azure" else args.model,
                                azure_deployment=args.model if args.preset == "azure" else "")
        if args.timeout:
            config = replace(config, timeout=args.timeout)
        return [config], config.name
    loaded = load_profiles(profiles_path(app_paths().config_dir))
    for problem in loaded.problems:
        _error(problem)
    providers = [p for p in loaded.providers if p.enabled]
    if not providers and not args.provider:
        settings = load_settings().settings  # AUTOGRAPH_AI_BASE_URL / AUTOGRAPH_AI_MODEL for headless runs
        if settings.ai_base_url:
            providers = [ProviderConfig(name="settings", base_url=settings.ai_base_url, model=settings.ai_model,
                                        timeout=settings.ai_timeout_seconds)]
    if args.provider:
        chosen = loaded.named(args.provider)
        if chosen is None:
            names = ", ".join(p.name for p in loaded.providers) or "none configured"
            raise InvalidInput([_problem(f"no provider named {args.provider!r} ({names})")])
        providers = [chosen]
    if not providers:
        raise InvalidInput([_problem("no AI provider is set up: pass --base-url and --model, set "
                                     "AUTOGRAPH_AI_BASE_URL and AUTOGRAPH_AI_MODEL, or add one in Preferences > AI")])
    if args.timeout:
        providers = [replace(p, timeout=args.timeout) for p in providers]
    return providers, providers[0].name if len(providers) == 1 else None


def _problem(message: str) -> Any:
    from autograph_desktop.model.problems import Problem

    return Problem(message)


def _read_text(path: str, what: str) -> str:
    try:
        with open(path, "rb") as handle:
            data = handle.read(2_000_001)
    except OSError as exc:
        raise InvalidInput([_problem(f"cannot read the {what} {path}: {exc.strerror or exc}")]) from None
    if len(data) > 2_000_000:
        raise InvalidInput([_problem(f"the {what} {path} is larger than 2 MB")])
    return data.decode("utf-8", "replace")


def write_output(diagram: Any, path: str) -> None:
    """Write through the format registry, the format from the output's extension (atomically)."""
    from autograph_desktop.io import write_path

    write_path(diagram, path)


def _usage_sink() -> tuple[Any, Any]:
    """Usage rows into the library (a library that cannot be opened only costs the log, with a warning)."""
    from autograph_desktop.store import AiUsage, Library, LibraryError

    try:
        library = Library.open()
    except (LibraryError, OSError) as exc:
        _error(f"the usage log is not written: {exc}")
        return None, None

    def sink(record: Any) -> None:
        library.ai_usage.add(AiUsage(**record.row()))

    return sink, library


def _progress(event: Any) -> None:
    if event.stage in ("provider", "retrying", "simplifying") and sys.stderr.isatty():
        print(f"autograph ai: {event.message}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from autograph_desktop.ai.errors import AiError

    if not args.explain and not args.output:
        _error("-o/--output is required (or use --explain FILE)")
        return EXIT_INVALID
    if not args.explain and not args.prompt.strip() and not args.material and not args.image:
        _error("say what to draw, e.g. autograph ai \"a web shop on AWS\" -o shop.svg")
        return EXIT_INVALID
    sink, library = _usage_sink()
    try:
        return _run(args, sink)
    except InvalidInput as exc:
        _error("; ".join(str(p) for p in exc.problems) or str(exc))
        return EXIT_INVALID
    except AiError as exc:
        _error(str(exc))
        return EXIT_INVALID if exc.kind in ("config", "auth") else EXIT_ERROR
    except OSError as exc:
        _error(f"cannot write {args.output}: {exc.strerror or exc}")
        return EXIT_ERROR
    finally:
        if library is not None:
            library.close()


def _run(args: argparse.Namespace, sink: Any) -> int:
    from autograph_desktop.ai.iconmap import IconResolver
    from autograph_desktop.ai.pipeline import AiPipeline, GenerateRequest
    from autograph_desktop.ai.profiles import build_chain
    from autograph_desktop.ai.prompts import ImageInput
    from autograph_desktop.ai.refine import current_mermaid, refine_transaction
    from autograph_desktop.ai.secrets import KeyStore

    providers, env_key_for = _providers(args)
    chain = build_chain(providers, KeyStore(), usage=sink, env_key_for=env_key_for)
    pipeline = AiPipeline(chain, IconResolver.installed())
    if args.explain or args.refine:
        from autograph_desktop.io import read_path

        path = args.explain or args.refine
        try:
            doc = read_path(path).diagrams[0]
        except (OSError, IndexError) as exc:
            raise InvalidInput([_problem(f"cannot read the diagram {path}: {exc}")]) from None
        if args.explain:
            print(pipeline.explain(current_mermaid(doc), _progress))
            return EXIT_OK
        result = pipeline.refine(current_mermaid(doc), doc.meta.kind, args.prompt, _progress, cloud=args.cloud)
        transaction, diff = refine_transaction(doc, result.built.diagram)
        doc.execute(transaction)
        write_output(doc, args.output)
        print(f"refined {path} -> {args.output}: {diff.summary()}; {result.built.quality.summary()}",
              file=sys.stderr)
        return EXIT_OK
    images: tuple[ImageInput, ...] = ()
    if args.image:
        try:
            with open(args.image, "rb") as handle:
                images = (ImageInput(handle.read()),)
        except OSError as exc:
            raise InvalidInput([_problem(f"cannot read the image {args.image}: {exc.strerror or exc}")]) from None
    material = _read_text(args.material, "file") if args.material else ""
    request = GenerateRequest(args.prompt, args.type, args.cloud, material, images)
    result = pipeline.generate(request, _progress)
    write_output(result.built.diagram, args.output)
    nodes, edges = result.built.counts
    print(f"wrote {args.output}: {result.built.diagram_type}, {nodes} nodes, {edges} edges, "
          f"{result.built.quality.summary()}", file=sys.stderr)
    for note in result.notes:
        print(f"  note: {note}", file=sys.stderr)
    return EXIT_OK
