"""Icons draw into real pixels for each set; unknown or malicious ids give None rather than errors."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from autograph_desktop.icons.render import render


def _ink(image: QImage) -> int:
    return sum(1 for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)
               if image.pixelColor(x, y).alpha() > 0)


@pytest.mark.parametrize("icon_id", ["mdi6.database", "fa6s.user", "fa6.user", "fa6b.github", "ph.cloud",
                                     "ri.server-line", "msc.github", "si.postgresql", "si.kubernetes"])
def test_each_set_draws_something(qapp: object, icon_id: str) -> None:
    image = render(icon_id, 48)
    assert image is not None
    assert image.width() == 48
    assert _ink(image) > 20


def test_high_dpi_renders_more_pixels(qapp: object) -> None:
    image = render("mdi6.database", 32, device_pixel_ratio=2.0)
    assert image is not None
    assert image.width() == 64
    assert image.devicePixelRatio() == 2.0


@pytest.mark.parametrize("icon_id", ["", "mdi6", "mdi6.", "nope.database", "mdi6.no-such-icon",
                                     "diagrams.../../etc/passwd", "si.<script>", "x" * 5000])
def test_unknown_ids_give_none(qapp: object, icon_id: str) -> None:
    assert render(icon_id, 32) is None


def test_absurd_sizes_are_clamped(qapp: object) -> None:
    image = render("mdi6.database", 10**9)
    assert image is not None and image.width() == 1024
    tiny = render("mdi6.database", -5)
    assert tiny is not None and tiny.width() == 1


def test_pack_png_icons_render_from_the_pack_folder(qapp: object, tmp_path: object,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from pathlib import Path

    from PySide6.QtGui import QColor

    import autograph_desktop.icons.render as render_module

    root = Path(str(tmp_path))
    (root / "aws" / "compute").mkdir(parents=True)
    source = QImage(64, 32, QImage.Format.Format_ARGB32)
    source.fill(QColor("#ff9900"))
    assert source.save(str(root / "aws" / "compute" / "lambda.png"))
    (root / "secret.png").write_bytes(b"\x89PNG not really")
    monkeypatch.setattr(render_module, "diagrams_resources_dir", lambda: root)
    render_module._render_cached.cache_clear()
    image = render("diagrams.aws/compute/lambda", 40)
    assert image is not None and image.width() == 40
    assert image.pixelColor(20, 20).name() == "#ff9900"  # centred, aspect kept (64x32 -> 40x20)
    assert image.pixelColor(20, 2).alpha() == 0
    assert render("diagrams.aws/../secret", 40) is None
    assert render("diagrams.aws/compute/missing", 40) is None
