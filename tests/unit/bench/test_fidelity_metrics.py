"""The picture scoring of benchmarks/bench_fidelity.py: background, content box, alignment, SSIM, edge F1."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks import _fidelity_metrics as fm

WHITE = np.ones(3)


def canvas(h: int = 80, w: int = 120, colour: tuple[float, float, float] = (1.0, 1.0, 1.0)) -> fm.Image:
    out = np.empty((h, w, 3))
    out[...] = colour
    return out


def boxes_picture(offset: tuple[int, int] = (0, 0), h: int = 80, w: int = 120) -> fm.Image:
    """Two outlined boxes and a filled bar, like a tiny diagram, moved by `offset`."""
    rgb = canvas(h, w)
    dy, dx = offset
    for top, left, bottom, right in ((10, 10, 40, 50), (45, 60, 70, 110)):
        top, bottom, left, right = top + dy, bottom + dy, left + dx, right + dx
        rgb[top:bottom, left:left + 2] = 0
        rgb[top:bottom, right - 2:right] = 0
        rgb[top:top + 2, left:right] = 0
        rgb[bottom - 2:bottom, left:right] = 0
    rgb[20 + dy:26 + dy, 20 + dx:40 + dx] = (0.2, 0.4, 0.9)
    return rgb


def test_flatten_composites_transparency_over_white() -> None:
    pixels = np.zeros((1, 3, 4), dtype=np.uint8)
    pixels[0, 0] = (0, 0, 0, 0)          # transparent black: white on a page
    pixels[0, 1] = (0, 0, 0, 255)        # opaque black
    pixels[0, 2] = (255, 0, 0, 128)      # half red
    rgb = fm.flatten(pixels)
    assert rgb[0, 0] == pytest.approx([1, 1, 1])
    assert rgb[0, 1] == pytest.approx([0, 0, 0])
    assert rgb[0, 2] == pytest.approx([1, 127 / 255, 127 / 255], abs=0.01)
    with pytest.raises(ValueError):
        fm.flatten(np.zeros((4, 4), dtype=np.uint8))


def test_background_is_the_common_colour_even_when_lines_run_along_the_edges() -> None:
    rgb = canvas(60, 90, (0.95, 0.9, 0.8))
    rgb[0, :] = rgb[-1, :] = rgb[:, 0] = rgb[:, -1] = 0   # a frame drawn on the picture's very edge
    assert fm.background(rgb) == pytest.approx([0.95, 0.9, 0.8], abs=1 / 255)
    assert fm.background(canvas(0, 0)) == pytest.approx([1, 1, 1])


def test_content_box_holds_every_drawn_pixel_and_is_none_for_a_blank_picture() -> None:
    rgb = canvas()
    rgb[5, 7] = 0
    rgb[30:33, 100:104] = (1.0, 0.5, 0.5)
    assert fm.content_box(rgb) == (7, 5, 104, 33)
    assert fm.content_box(canvas()) is None
    # Faint anti-aliasing noise below the tolerance is background.
    noisy = canvas()
    noisy[10, 10] = 0.97
    assert fm.content_box(noisy) is None


def test_matching_scale_is_the_geometric_mean_of_the_two_ratios() -> None:
    assert fm.matching_scale((0, 0, 200, 100), (0, 0, 100, 50)) == pytest.approx(2.0)
    assert fm.matching_scale((0, 0, 400, 100), (0, 0, 100, 100)) == pytest.approx(2.0)
    with pytest.raises(ValueError):
        fm.matching_scale((0, 0, 0, 10), (0, 0, 10, 10))


def test_ssim_is_one_for_identical_pictures_and_falls_with_damage() -> None:
    a = fm.grey(boxes_picture())
    assert fm.ssim(a, a) == pytest.approx(1.0)
    moved = fm.grey(boxes_picture((3, 4)))
    blank = np.ones_like(a)
    noise = np.clip(a + np.random.default_rng(7).normal(0, 0.3, a.shape), 0, 1)
    assert fm.ssim(a, moved) < 0.95
    assert fm.ssim(a, blank) < 0.9
    assert fm.ssim(a, noise) < 0.9
    # Symmetric, and bounded by 1.
    assert fm.ssim(a, moved) == pytest.approx(fm.ssim(moved, a))
    assert fm.ssim(a, moved) <= 1.0


def test_ssim_of_tiny_and_mismatched_pictures() -> None:
    tiny = np.full((4, 5), 0.5)
    assert fm.ssim(tiny, tiny) == pytest.approx(1.0)
    assert fm.ssim(np.ones((0, 0)), np.ones((0, 0))) == 1.0
    other = tiny.copy()
    other[0, 0] = 0
    assert fm.ssim(tiny, other) < 1.0
    with pytest.raises(ValueError):
        fm.ssim(np.ones((20, 20)), np.ones((20, 21)))


def test_edges_mark_outlines_not_flat_areas() -> None:
    rgb = canvas(40, 40)
    rgb[10:30, 10:30] = 0          # a filled black square
    mask = fm.edges(rgb)
    assert mask[20, 9] and mask[20, 30] and mask[9, 20]
    assert not mask[20, 20] and not mask[2, 2]
    assert not fm.edges(canvas(2, 2)).any()


def test_dilate_grows_a_pixel_into_a_square() -> None:
    mask = np.zeros((9, 9), dtype=bool)
    mask[4, 4] = True
    grown = fm.dilate(mask, 2)
    assert grown.sum() == 25 and grown[2:7, 2:7].all()
    assert fm.dilate(mask, 0).sum() == 1
    edge = np.zeros((3, 3), dtype=bool)
    edge[0, 0] = True
    assert fm.dilate(edge, 10).all()


def test_edge_f1_tolerates_small_shifts_only() -> None:
    base = fm.edges(boxes_picture())
    assert fm.edge_f1(base, base) == 1.0
    assert fm.edge_f1(base, fm.edges(boxes_picture((1, 2)))) == 1.0
    far = fm.edge_f1(base, fm.edges(boxes_picture((6, 6))))
    assert far < 0.6
    blank = np.zeros_like(base)
    assert fm.edge_f1(blank, blank) == 1.0
    assert fm.edge_f1(base, blank) == 0.0 and fm.edge_f1(blank, base) == 0.0
    with pytest.raises(ValueError):
        fm.edge_f1(base, base[:-1])


def test_best_shift_finds_the_move_that_lines_drawings_up() -> None:
    a, b = boxes_picture(), boxes_picture((3, -5))
    assert fm.best_shift(a, b, 8) == (-3, 5)
    assert fm.best_shift(a, a, 8) == (0, 0)
    # Beyond the limit it does not look; a blank picture does not move.
    assert fm.best_shift(a, canvas(), 8) == (0, 0)
    assert fm.best_shift(a, b, 0) == (0, 0)


def test_shift_moves_pixels_and_fills_behind() -> None:
    rgb = boxes_picture()
    moved = fm.shift(rgb, 2, -3, WHITE)
    assert np.array_equal(moved[2:, :-3], rgb[:-2, 3:])
    assert (moved[:2] == 1).all() and (moved[:, -3:] == 1).all()
    assert (fm.shift(rgb, 500, 0, WHITE) == 1).all()


def test_align_crops_pads_and_lines_up_two_renderings_of_one_drawing() -> None:
    # The same drawing on two canvases of different size, at different places, one on cream paper.
    source = canvas(200, 300)
    source[50:130, 70:190] = boxes_picture()
    ours = canvas(150, 160, (0.98, 0.96, 0.9))
    ours[20:100, 30:150] = boxes_picture()
    ours[20:100, 30:150][boxes_picture().min(axis=2) == 1] = (0.98, 0.96, 0.9)
    a, b = fm.align(source, ours)
    assert a.shape == b.shape
    assert fm.background(a) == pytest.approx([1, 1, 1])
    assert fm.background(b) == pytest.approx([0.98, 0.96, 0.9], abs=1 / 255)
    assert fm.edge_f1(fm.edges(a), fm.edges(b)) == 1.0
    assert fm.ssim(fm.grey(a), fm.grey(b)) > 0.95


def test_align_with_an_element_sticking_out_still_lines_up_the_rest() -> None:
    source = boxes_picture(h=90, w=130)
    ours = boxes_picture(h=90, w=130)
    ours[4:6, 4:6] = 0   # one stray mark up and left widens our box
    a, b = fm.align(source, ours)
    assert fm.edge_f1(fm.edges(a), fm.edges(b)) > 0.95


def test_align_of_blank_pictures_gives_blank_canvases() -> None:
    a, b = fm.align(canvas(), boxes_picture())
    assert a.shape == b.shape and fm.content_box(a) is None and fm.content_box(b) is not None
    a, b = fm.align(canvas(), canvas())
    assert a.shape == b.shape and a.size > 0


def test_overlay_colours_what_only_one_side_has() -> None:
    source, ours = canvas(1, 3), canvas(1, 3)
    source[0, 0] = 0          # only the source
    ours[0, 1] = 0            # only ours
    source[0, 2] = ours[0, 2] = 0
    out = fm.overlay(source, ours)
    assert out[0, 0] == pytest.approx([1, 0, 0])
    assert out[0, 1] == pytest.approx([0, 0, 1])
    assert out[0, 2] == pytest.approx([0, 0, 0])
    assert fm.to_bytes(out).dtype == np.uint8


def test_lab_of_white_black_and_red() -> None:
    out = fm.lab(np.array([[1.0, 1.0, 1.0], [0.0, 0.0, 0.0], [1.0, 0.0, 0.0]]))
    assert out[0] == pytest.approx([100, 0, 0], abs=0.1)
    assert out[1] == pytest.approx([0, 0, 0], abs=0.1)
    assert out[2] == pytest.approx([53.2, 80.1, 67.2], abs=0.5)


def test_colour_agreement_punishes_wrong_fills_more_than_small_shifts() -> None:
    orange = canvas(64, 64)
    orange[16:48, 16:48] = (0.93, 0.45, 0.1)
    grey_box = canvas(64, 64)
    grey_box[16:48, 16:48] = (0.9, 0.9, 0.92)
    nudged = canvas(64, 64)
    nudged[17:49, 17:49] = (0.93, 0.45, 0.1)
    assert fm.colour_agreement(orange, orange) == pytest.approx(1.0)
    assert fm.colour_agreement(orange, nudged) > 0.9
    assert fm.colour_agreement(orange, grey_box) < 0.6
    assert fm.colour_agreement(canvas(), canvas()) == 1.0
    assert fm.colour_agreement(canvas(3, 5), canvas(3, 5)) == 1.0
    with pytest.raises(ValueError):
        fm.colour_agreement(orange, orange[:-1])


def scaled_boxes(scale: float) -> fm.Image:
    """A drawing of three outlined boxes at `scale`, on a white canvas with room around it."""
    rgb = canvas(round(260 * scale) + 40, round(360 * scale) + 40)
    for top, left, bottom, right in ((0, 0, 100, 140), (0, 200, 100, 340), (150, 90, 240, 250)):
        t, lft, b, r = (20 + round(v * scale) for v in (top, left, bottom, right))
        rgb[t:b, lft:lft + 3] = rgb[t:b, r - 3:r] = 0
        rgb[t:t + 3, lft:r] = rgb[b - 3:b, lft:r] = 0
    return rgb


def test_best_scale_recovers_a_drawing_drawn_too_small_despite_a_wider_box() -> None:
    source = scaled_boxes(1.0)
    ours = scaled_boxes(0.92)
    # A tab sticking out to the right widens our box, which misleads the box-based scale.
    ours[20:30, ours.shape[1] - 20:ours.shape[1] - 2] = 0
    factor = fm.best_scale(source, ours)
    assert factor == pytest.approx(1 / 0.92, abs=0.02)
    assert fm.best_scale(source, scaled_boxes(1.0)) == pytest.approx(1.0, abs=0.011)
    assert fm.best_scale(source, canvas()) == 1.0
