"""The icon catalogue: every bundled or installed icon set as plain entries, searchable, with no Qt.

Icon ids are `<set>.<name>`: for the font sets that is exactly qtawesome's name (`mdi6.database`), for
Simple Icons `si.<slug>`, for the optional `diagrams` pack `diagrams.<provider>/<category>/<file>`.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from autograph_desktop.icons.search import FuzzyIndex


@dataclass(frozen=True, slots=True)
class IconEntry:
    id: str
    name: str
    set: str
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class IconSet:
    key: str
    label: str
    licence: str
    source: str


#: qtawesome font sets worth offering (older duplicates such as fa5 and mdi5 are left out on purpose).
FONT_SETS: tuple[tuple[str, str, str, str], ...] = (
    ("mdi6", "Material Design Icons", "Apache-2.0", "materialdesignicons6-webfont-charmap"),
    ("ph", "Phosphor", "MIT", "phosphor-charmap"),
    ("fa6s", "Font Awesome Solid", "CC-BY-4.0 (icons), OFL-1.1 (font)", "fontawesome6-solid-webfont-charmap"),
    ("fa6", "Font Awesome Regular", "CC-BY-4.0 (icons), OFL-1.1 (font)", "fontawesome6-regular-webfont-charmap"),
    ("fa6b", "Font Awesome Brands", "CC-BY-4.0 (icons), OFL-1.1 (font)", "fontawesome6-brands-webfont-charmap"),
    ("ri", "Remix Icon", "Apache-2.0", "remixicon-charmap"),
    ("msc", "Codicons", "CC-BY-4.0", "codicon-charmap"),
)
SETS: dict[str, IconSet] = {
    key: IconSet(key, label, licence, "qtawesome (PyPI)") for key, label, licence, _ in FONT_SETS
}
SETS["si"] = IconSet("si", "Simple Icons (brands)", "CC0-1.0", "simple-icons-pack (PyPI)")
SETS["diagrams"] = IconSet("diagrams", "Cloud & infrastructure (diagrams pack)", "MIT", "diagrams (PyPI)")

#: Phosphor ships six weights of each glyph; two are enough for diagrams and keep results readable.
_PHOSPHOR_SKIP = re.compile(r"-(bold|thin|light|duotone)$")
#: Provider folders of the diagrams pack, with the words people search for.
_PROVIDER_WORDS: dict[str, tuple[str, ...]] = {
    "aws": ("aws", "amazon"), "azure": ("azure", "microsoft"), "gcp": ("gcp", "google", "cloud"),
    "k8s": ("kubernetes", "k8s"), "onprem": ("onprem", "on-premise", "self-hosted"),
    "alibabacloud": ("alibaba",), "ibm": ("ibm",), "oci": ("oracle", "oci"), "openstack": ("openstack",),
    "digitalocean": ("digitalocean",), "saas": ("saas",), "programming": ("programming",),
    "generic": ("generic",), "elastic": ("elastic",), "firebase": ("firebase", "google"),
}


def package_dir(name: str) -> Path | None:
    """Where an installed package lives, without importing it (importing qtawesome would import Qt)."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


#: Where the bundle (packaging/autograph.spec) copies the font sets' files, named one by one.
BUNDLED_ICON_FONTS = Path(__file__).resolve().parent.parent / "icon_fonts"


def icon_fonts_dir() -> Path | None:
    """The folder of qtawesome's font and charmap files: the bundle's own copy (it ships no qtawesome
    code, so the package cannot be looked up there), else the installed qtawesome package's."""
    if BUNDLED_ICON_FONTS.is_dir():
        return BUNDLED_ICON_FONTS
    root = package_dir("qtawesome")
    return None if root is None else root / "fonts"


def font_set_files(fonts: Path) -> dict[str, tuple[Path, Path]]:
    """Font set key -> (charmap JSON, font file) of the newest version present of each set in FONT_SETS."""
    found: dict[str, tuple[Path, Path]] = {}
    for key, _label, _licence, stem in FONT_SETS:
        charmaps = sorted(fonts.glob(f"{stem}-*.json"))
        if not charmaps:
            continue
        ttf = fonts / charmaps[-1].name.replace("-charmap", "").replace(".json", ".ttf")
        if ttf.is_file():
            found[key] = (charmaps[-1], ttf)
    return found


def load_font_sets() -> list[IconEntry]:
    fonts = icon_fonts_dir()
    if fonts is None:
        return []
    files = font_set_files(fonts)
    entries: list[IconEntry] = []
    for key, label, _licence, _stem in FONT_SETS:
        if key not in files:
            continue
        with open(files[key][0], encoding="utf-8") as handle:
            names = json.load(handle)
        words = tuple(label.lower().split())
        for name in names:
            if key == "ph" and _PHOSPHOR_SKIP.search(name):
                continue
            entries.append(IconEntry(f"{key}.{name}", name, key, words))
    return entries


def load_simple_icons() -> list[IconEntry]:
    try:
        import simple_icons_pack
    except ImportError:
        return []
    entries = []
    for attr in dir(simple_icons_pack):
        if not attr.startswith("SI_"):
            continue
        icon = getattr(simple_icons_pack, attr)
        entries.append(IconEntry(f"si.{icon.slug}", icon.title, "si", (icon.slug, "brand", "logo")))
    return entries


def diagrams_resources_dir() -> Path | None:
    """The PNG resources of the `diagrams` package when the user has installed that pack."""
    root = package_dir("diagrams")
    if root is None:
        return None
    for candidate in (root.parent / "resources", root / "resources"):
        if (candidate / "aws").is_dir() or (candidate / "k8s").is_dir():
            return candidate
    return None


def load_diagrams_pack(resources: Path | None = None) -> list[IconEntry]:
    resources = resources or diagrams_resources_dir()
    if resources is None or not resources.is_dir():
        return []
    entries = []
    for dirpath, _dirs, files in os.walk(resources):
        for filename in sorted(files):
            if not filename.lower().endswith(".png"):
                continue
            rel = os.path.relpath(os.path.join(dirpath, filename), resources).replace(os.sep, "/")
            parts = rel[:-4].split("/")
            provider = parts[0]
            name = parts[-1].replace("-", " ").replace("_", " ")
            keywords = (*_PROVIDER_WORDS.get(provider, (provider,)), *parts[1:-1])
            entries.append(IconEntry(f"diagrams.{rel[:-4]}", name, "diagrams", keywords))
    return entries


Loader = Callable[[], list[IconEntry]]
DEFAULT_LOADERS: tuple[Loader, ...] = (load_simple_icons, load_font_sets, load_diagrams_pack)


class IconCatalogue:
    """All icons by id, with fuzzy search. Build once (about a second of work) and share it."""

    def __init__(self, entries: Iterable[IconEntry]) -> None:
        self._entries: list[IconEntry] = []
        self._by_id: dict[str, IconEntry] = {}
        for entry in entries:
            if entry.id not in self._by_id:
                self._by_id[entry.id] = entry
                self._entries.append(entry)
        self._index = FuzzyIndex([(e.name, e.keywords) for e in self._entries])

    @classmethod
    def load(cls, loaders: Iterable[Loader] = DEFAULT_LOADERS) -> IconCatalogue:
        entries: list[IconEntry] = []
        for loader in loaders:
            entries.extend(loader())
        return cls(entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, icon_id: object) -> bool:
        return icon_id in self._by_id

    def get(self, icon_id: str) -> IconEntry | None:
        return self._by_id.get(icon_id)

    def entries(self) -> list[IconEntry]:
        return list(self._entries)

    def sets(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for entry in self._entries:
            counts[entry.set] = counts.get(entry.set, 0) + 1
        return counts

    def search(self, query: str, limit: int = 50) -> list[IconEntry]:
        return [self._entries[n] for n in self._index.search(query, limit)]


_shared: IconCatalogue | None = None
_shared_lock = threading.Lock()


def shared_catalogue() -> IconCatalogue:
    """The process-wide catalogue, built on first use (thread-safe: the GUI warms it up in the background)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = IconCatalogue.load()
        return _shared


def warm_up_in_background() -> threading.Thread:
    """Build the shared catalogue off the GUI thread so that the first icon search does not wait."""
    thread = threading.Thread(target=shared_catalogue, name="icon-catalogue", daemon=True)
    thread.start()
    return thread


def reset_shared_catalogue() -> None:
    """Forget the shared catalogue (after an icon pack was installed, so that it gets indexed)."""
    global _shared
    with _shared_lock:
        _shared = None
