"""Picture comparison for the visual fidelity benchmark: background, content box, alignment, SSIM, edge F1.

Pure numpy on float arrays in [0, 1] (1 is white), so the scoring is tested without Qt or a browser.
SSIM follows Wang et al. 2004 (11-tap Gaussian window, sigma 1.5, K1 0.01, K2 0.03, dynamic range 1) on
greyscale; it rewards matching structure and forgives a uniform shift in brightness. The edge score is an
F1 of edge pixels (a gradient threshold) where an edge counts as found when the other picture has one
within `tolerance` pixels: it says whether lines, outlines and letters sit where the source has them.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Image = NDArray[np.float64]
"""H x W x 3 colour, or H x W grey, values in [0, 1]."""
Mask = NDArray[np.bool_]
Box = tuple[int, int, int, int]
"""left, top, right, bottom (right and bottom exclusive), in pixels."""

#: A pixel belongs to the drawing when a channel differs from the background by more than this.
INK_TOLERANCE = 0.08
#: A gradient (central difference, so a black-to-white step gives 0.5) above this is an edge.
EDGE_THRESHOLD = 0.12
WHITE = np.ones(3)


def flatten(pixels: NDArray[np.uint8]) -> Image:
    """8-bit RGB or RGBA (H x W x 3|4) to RGB floats, transparent parts composited over white, as a page
    shows a picture with no background of its own."""
    if pixels.ndim != 3 or pixels.shape[2] not in (3, 4):
        raise ValueError(f"expected an H x W x 3 or 4 array, not {pixels.shape}")
    rgb = pixels[..., :3].astype(np.float64) / 255.0
    if pixels.shape[2] == 3 or bool((pixels[..., 3] == 255).all()):
        return rgb
    alpha = pixels[..., 3:4].astype(np.float64) / 255.0
    return rgb * alpha + (1.0 - alpha)


def grey(rgb: Image) -> Image:
    """Luma (ITU-R BT.601 weights), the brightness a reader sees."""
    if rgb.ndim == 2:
        return rgb
    return np.asarray(rgb @ np.array([0.299, 0.587, 0.114]), dtype=np.float64)


def background(rgb: Image) -> NDArray[np.float64]:
    """The background colour: the most common colour of the picture (sampled on a grid of at most about
    250,000 pixels). Not the margin's colour: exports often crop to the drawing, so that frames and
    container outlines run along the picture's edges."""
    h, w = rgb.shape[:2]
    if h == 0 or w == 0:
        return WHITE.copy()
    step = max(1, int(np.sqrt(h * w / 250_000)))
    sample = rgb[::step, ::step].reshape(-1, 3)
    levels = np.round(sample * 255).astype(np.int64)
    codes = levels[:, 0] << 16 | levels[:, 1] << 8 | levels[:, 2]
    values, counts = np.unique(codes, return_counts=True)
    code = int(values[np.argmax(counts)])
    return np.array([code >> 16 & 255, code >> 8 & 255, code & 255], dtype=np.float64) / 255.0


def ink(rgb: Image, bg: NDArray[np.float64] | None = None, tolerance: float = INK_TOLERANCE) -> Mask:
    """Pixels that are part of the drawing (not the background colour)."""
    bg = background(rgb) if bg is None else bg
    # Channel by channel: numpy reduces over a short last axis slowly, and this runs on every picture.
    mask: Mask = np.asarray(np.abs(rgb[..., 0] - bg[0]) > tolerance)
    for channel in (1, 2):
        mask |= np.abs(rgb[..., channel] - bg[channel]) > tolerance
    return mask


def content_box(rgb: Image, tolerance: float = INK_TOLERANCE) -> Box | None:
    """The smallest box holding every drawn pixel, or None for a blank picture."""
    mask = ink(rgb, tolerance=tolerance)
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    if rows.size == 0:
        return None
    return int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1


def box_size(box: Box) -> tuple[int, int]:
    """(width, height) of a box."""
    return box[2] - box[0], box[3] - box[1]


def matching_scale(source: Box, ours: Box) -> float:
    """The factor that brings our drawing to the source's size: the geometric mean of the width and height
    ratios, so a drawing wider but not taller than the source is not blown up by one axis alone."""
    sw, sh = box_size(source)
    ow, oh = box_size(ours)
    if min(sw, sh, ow, oh) <= 0:
        raise ValueError("empty box")
    return float(np.sqrt((sw / ow) * (sh / oh)))


def crop(rgb: Image, box: Box) -> Image:
    """The pixels inside a box."""
    left, top, right, bottom = box
    return rgb[top:bottom, left:right]


def pad_to(rgb: Image, height: int, width: int, fill: NDArray[np.float64], offset: int = 0) -> Image:
    """The picture placed `offset` pixels from the top-left corner of a `height` x `width` canvas of
    colour `fill`."""
    h, w = rgb.shape[:2]
    if h + offset > height or w + offset > width:
        raise ValueError(f"a {w}x{h} picture does not fit {width}x{height} at offset {offset}")
    out = np.empty((height, width, 3), dtype=np.float64)
    out[...] = fill
    out[offset:offset + h, offset:offset + w] = rgb
    return out


def _fast_size(n: int) -> int:
    """The smallest 2^a 3^b 5^c at least `n`: FFTs of such lengths are several times faster."""
    best = 1 << max(n - 1, 0).bit_length()
    p3 = 1
    while p3 < 2 * n:
        p35 = p3
        while p35 < 2 * n:
            size = p35
            while size < n:
                size *= 2
            best = min(best, size)
            p35 *= 5
        p3 *= 3
    return best


def _shift_by_fft(a: Image, b: Image, limit: int) -> tuple[int, int]:
    """The shift of 2-D ink `b` (within `limit`) that maximises its correlation with `a`."""
    h, w = a.shape
    size = (_fast_size(h + limit), _fast_size(w + limit))
    corr = np.fft.irfft2(np.fft.rfft2(a, s=size) * np.conj(np.fft.rfft2(b, s=size)), s=size)
    # corr[dy, dx] sums a[y, x] * b[y - dy, x - dx]; negative shifts sit at the far end.
    shifts = np.r_[0:limit + 1, -limit:0]
    window = corr[np.ix_(shifts % size[0], shifts % size[1])]
    if not np.isfinite(window).all() or window.max() <= 0:
        return 0, 0
    # Ties (a blank picture) go to the smallest move.
    penalty = np.add.outer(np.abs(shifts), np.abs(shifts)) * 1e-9 * float(np.abs(window).max())
    iy, ix = np.unravel_index(int(np.argmax(window - penalty)), window.shape)
    return int(shifts[iy]), int(shifts[ix])


def _overlap(a: Image, b: Image, dy: int, dx: int) -> float:
    """The correlation of `a` with `b` moved by (dy, dx), over the part where they overlap."""
    h, w = a.shape
    if abs(dy) >= h or abs(dx) >= w:
        return 0.0
    part_a = a[max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)]
    part_b = b[max(-dy, 0):h - max(dy, 0), max(-dx, 0):w - max(dx, 0)]
    return float((part_a * part_b).sum())


def _half(image: Image) -> Image:
    """A 2-D picture at half size (2x2 block means)."""
    return _block_mean(image[..., None], 2)[..., 0]


def best_shift(source: Image, ours: Image, limit: int) -> tuple[int, int]:
    """The (dy, dx), each within `limit` pixels, by which moving `ours` lines its ink up best with the
    source's: the peak of their cross-correlation, found with FFTs on half-size copies of large pictures
    and then settled to the pixel among the nine neighbouring moves at full size."""
    if source.shape[:2] != ours.shape[:2]:
        raise ValueError(f"pictures differ in size: {source.shape} and {ours.shape}")
    if limit <= 0 or source.size == 0:
        return 0, 0
    a, b = 1.0 - grey(source), 1.0 - grey(ours)
    if max(a.shape) < 600 or min(a.shape) < 4:
        return _shift_by_fft(a, b, limit)
    dy, dx = _shift_by_fft(_half(a), _half(b), (limit + 1) // 2)
    candidates = [(2 * dy + y, 2 * dx + x) for y in (-1, 0, 1) for x in (-1, 0, 1)
                  if abs(2 * dy + y) <= limit and abs(2 * dx + x) <= limit]
    if not candidates:
        return 0, 0
    scores = [_overlap(a, b, y, x) - 1e-9 * (abs(y) + abs(x)) for y, x in candidates]
    return candidates[int(np.argmax(scores))]


def shift(rgb: Image, dy: int, dx: int, fill: NDArray[np.float64]) -> Image:
    """The picture moved by (dy, dx) pixels; what moves in from outside is `fill`."""
    h, w = rgb.shape[:2]
    out = np.empty_like(rgb)
    out[...] = fill
    if abs(dy) >= h or abs(dx) >= w:
        return out
    out[max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = rgb[max(-dy, 0):h - max(dy, 0),
                                                                    max(-dx, 0):w - max(dx, 0)]
    return out


def align(source: Image, ours: Image, margin: int = 8, search: float = 0.06) -> tuple[Image, Image]:
    """Both pictures cropped to their drawings and placed on canvases of one size, each on its own
    background colour; then ours is moved (by at most `search` of the larger side) to where it lines up
    best with the source, so that one element that sticks out of one drawing's box does not shift all the
    rest. Call after rendering ours at `matching_scale`; a blank picture becomes a blank canvas."""
    parts = []
    for rgb in (source, ours):
        box = content_box(rgb)
        parts.append((crop(rgb, box) if box is not None else rgb[:0, :0], background(rgb)))
    height = max(p.shape[0] for p, _ in parts)
    width = max(p.shape[1] for p, _ in parts)
    limit = round(search * max(height, width))
    pad = margin + limit
    (a, abg), (b, bbg) = parts
    a = pad_to(a, height + 2 * pad, width + 2 * pad, abg, pad)
    b = pad_to(b, height + 2 * pad, width + 2 * pad, bbg, pad)
    dy, dx = best_shift(a, b, limit)
    b = shift(b, dy, dx, bbg)
    # Back to the two drawings' joint box and the margin, so that the search room adds no blank area.
    boxes = [box for box in (content_box(a), content_box(b)) if box is not None]
    if not boxes:
        return a[:2 * margin, :2 * margin], b[:2 * margin, :2 * margin]
    left = max(min(box[0] for box in boxes) - margin, 0)
    top = max(min(box[1] for box in boxes) - margin, 0)
    right = min(max(box[2] for box in boxes) + margin, a.shape[1])
    bottom = min(max(box[3] for box in boxes) + margin, a.shape[0])
    joint = (left, top, right, bottom)
    return crop(a, joint), crop(b, joint)


def _bilinear(image: Image, factor: float) -> Image:
    """A 2-D picture resampled by `factor` (meant for factors near 1; shrink by block means first)."""
    h, w = image.shape
    out_h, out_w = max(round(h * factor), 1), max(round(w * factor), 1)
    ys = np.clip((np.arange(out_h) + 0.5) / factor - 0.5, 0, h - 1)
    xs = np.clip((np.arange(out_w) + 0.5) / factor - 0.5, 0, w - 1)
    y0, x0 = np.floor(ys).astype(int), np.floor(xs).astype(int)
    y1, x1 = np.minimum(y0 + 1, h - 1), np.minimum(x0 + 1, w - 1)
    fy, fx = (ys - y0)[:, None], (xs - x0)[None, :]
    top = image[y0][:, x0] * (1 - fx) + image[y0][:, x1] * fx
    bottom = image[y1][:, x0] * (1 - fx) + image[y1][:, x1] * fx
    return np.asarray(top * (1 - fy) + bottom * fy)


def _peak_correlation(a: Image, b: Image, limit: int) -> float:
    """The normalised cross-correlation of two 2-D ink pictures at their best shift within `limit`."""
    h = _fast_size(max(a.shape[0], b.shape[0]) + limit)
    w = _fast_size(max(a.shape[1], b.shape[1]) + limit)
    corr = np.fft.irfft2(np.fft.rfft2(a, s=(h, w)) * np.conj(np.fft.rfft2(b, s=(h, w))), s=(h, w))
    shifts = np.r_[0:limit + 1, -limit:0]
    peak = float(corr[np.ix_(shifts % h, shifts % w)].max())
    norm = float(np.sqrt((a * a).sum() * (b * b).sum()))
    return peak / norm if norm > 0 else 0.0


def best_scale(source: Image, ours: Image, spread: float = 0.12, steps: int = 25, side: int = 400) -> float:
    """The factor (within 1 +- `spread`) by which resizing our drawing lines it up best with the source's.

    Box-based scaling is thrown off when one drawing's box is bigger than the other's (a header tab,
    text that overflows, a missing element at the edge), and a few per cent of scale shifts the far side
    of a large drawing by tens of pixels. This tries `steps` factors on small copies (longest side about
    `side` pixels, block-averaged so thin lines survive) and keeps the one with the highest normalised
    cross-correlation of ink. 1.0 for blank pictures."""
    boxes = content_box(source), content_box(ours)
    if boxes[0] is None or boxes[1] is None:
        return 1.0
    a = 1.0 - grey(crop(source, boxes[0]))
    b = 1.0 - grey(crop(ours, boxes[1]))
    block = max(1, int(np.ceil(max(*a.shape, *b.shape) / side)))
    if block > 1:
        a = _block_mean(a[..., None], block)[..., 0]
        b = _block_mean(b[..., None], block)[..., 0]
    if min(*a.shape, *b.shape) < 2:
        return 1.0
    limit = max(2, round(0.06 * max(a.shape)))
    factors = np.linspace(1 - spread, 1 + spread, steps)
    scores = [_peak_correlation(a, _bilinear(b, float(f)), limit) for f in factors]
    return float(factors[int(np.argmax(scores))])


def _gaussian(sigma: float = 1.5, radius: int = 5) -> NDArray[np.float64]:
    x = np.arange(-radius, radius + 1, dtype=np.float64)
    taps = np.exp(-(x * x) / (2 * sigma * sigma))
    return np.asarray(taps / taps.sum())


def _blur(image: Image, taps: NDArray[np.float64]) -> Image:
    """Separable correlation keeping only the fully covered ('valid') part."""
    n = len(taps)
    h, w = image.shape
    rows = sum(t * image[i:h - n + 1 + i, :] for i, t in enumerate(taps))
    return np.asarray(sum(t * rows[:, i:w - n + 1 + i] for i, t in enumerate(taps)))


def ssim(a: Image, b: Image) -> float:
    """Mean structural similarity of two greyscale pictures of one size (1.0 when identical)."""
    if a.shape != b.shape:
        raise ValueError(f"pictures differ in size: {a.shape} and {b.shape}")
    c1, c2 = 0.01 ** 2, 0.03 ** 2
    taps = _gaussian()
    if min(a.shape) < len(taps):
        if a.size == 0:
            return 1.0
        # Smaller than one window: the formula once over the whole picture.
        ma, mb = float(a.mean()), float(b.mean())
        va, vb = float(a.var()), float(b.var())
        cv = float(((a - ma) * (b - mb)).mean())
        return ((2 * ma * mb + c1) * (2 * cv + c2)) / ((ma ** 2 + mb ** 2 + c1) * (va + vb + c2))
    mu_a, mu_b = _blur(a, taps), _blur(b, taps)
    var_a = _blur(a * a, taps) - mu_a * mu_a
    var_b = _blur(b * b, taps) - mu_b * mu_b
    cov = _blur(a * b, taps) - mu_a * mu_b
    score = ((2 * mu_a * mu_b + c1) * (2 * cov + c2)) / ((mu_a ** 2 + mu_b ** 2 + c1) * (var_a + var_b + c2))
    return float(score.mean())


def edges(image: Image, threshold: float = EDGE_THRESHOLD) -> Mask:
    """Pixels where brightness changes faster than `threshold` per pixel (central differences)."""
    g = grey(image)
    out = np.zeros(g.shape, dtype=bool)
    if g.shape[0] < 3 or g.shape[1] < 3:
        return out
    gx = (g[1:-1, 2:] - g[1:-1, :-2]) / 2
    gy = (g[2:, 1:-1] - g[:-2, 1:-1]) / 2
    out[1:-1, 1:-1] = np.hypot(gx, gy) > threshold
    return out


def dilate(mask: Mask, radius: int) -> Mask:
    """Every pixel within `radius` (a square) of a set pixel."""
    if radius <= 0 or mask.size == 0:
        return mask.copy()
    out = mask.copy()
    for axis in (0, 1):
        grown = out.copy()
        n = out.shape[axis]
        for d in range(1, min(radius, n - 1) + 1):
            if axis == 0:
                grown[d:] |= out[:-d]
                grown[:-d] |= out[d:]
            else:
                grown[:, d:] |= out[:, :-d]
                grown[:, :-d] |= out[:, d:]
        out = grown
    return out


def edge_f1(source: Mask, ours: Mask, tolerance: int = 2) -> float:
    """F1 of our edge pixels against the source's, each counting as matched when the other picture has
    an edge within `tolerance` pixels. 1.0 when both are blank, 0.0 when only one is."""
    if source.shape != ours.shape:
        raise ValueError(f"masks differ in size: {source.shape} and {ours.shape}")
    n_source, n_ours = int(source.sum()), int(ours.sum())
    if n_source == 0 and n_ours == 0:
        return 1.0
    if n_source == 0 or n_ours == 0:
        return 0.0
    precision = int((ours & dilate(source, tolerance)).sum()) / n_ours
    recall = int((source & dilate(ours, tolerance)).sum()) / n_source
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def lab(rgb: Image) -> Image:
    """sRGB (D65) to CIE L*a*b*, where a Euclidean distance of about 2.3 is just noticeable."""
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    xyz = linear @ np.array([[0.4124, 0.2126, 0.0193], [0.3576, 0.7152, 0.1192], [0.1805, 0.0722, 0.9505]])
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], axis=-1)


def _block_mean(rgb: Image, block: int) -> Image:
    h, w = rgb.shape[0] // block * block, rgb.shape[1] // block * block
    trimmed = rgb[:h, :w]
    return np.asarray(trimmed.reshape(h // block, block, w // block, block, -1).mean(axis=(1, 3)))


def colour_agreement(source: Image, ours: Image, block: int = 8) -> float:
    """1 - the mean colour difference (CIE76 delta E / 100, at most 1) between the two aligned pictures,
    compared in `block` x `block` averages (so a line one pixel off costs little, a fill of the wrong
    colour or a grey placeholder instead of an orange icon costs a lot), over the blocks where either
    picture has ink. 1.0 when both are blank."""
    if source.shape != ours.shape:
        raise ValueError(f"pictures differ in size: {source.shape} and {ours.shape}")
    if min(source.shape[:2]) < block:
        block = max(1, min(source.shape[:2]))
    if source.size == 0:
        return 1.0
    drawn = np.asarray(ink(source) | ink(ours), dtype=np.float64)[..., None]
    covered = _block_mean(drawn, block)[..., 0] > 0
    if not covered.any():
        return 1.0
    delta = np.linalg.norm(lab(_block_mean(source, block)) - lab(_block_mean(ours, block)), axis=-1)
    return float(1.0 - np.minimum(delta[covered] / 100.0, 1.0).mean())


def overlay(source: Image, ours: Image) -> Image:
    """A difference picture: ink only the source has is red, ink only ours has is blue, shared ink dark."""
    ink_source = 1.0 - grey(source)
    ink_ours = 1.0 - grey(ours)
    return np.stack([1.0 - ink_ours, 1.0 - np.maximum(ink_source, ink_ours), 1.0 - ink_source], axis=2)


def to_bytes(rgb: Image) -> NDArray[np.uint8]:
    """Floats in [0, 1] back to 8-bit pixels."""
    return np.asarray(np.clip(np.round(rgb * 255), 0, 255).astype(np.uint8))


__all__ = ["EDGE_THRESHOLD", "INK_TOLERANCE", "Box", "Image", "Mask", "align", "background", "best_scale",
           "best_shift", "box_size", "colour_agreement", "content_box", "crop", "dilate", "edge_f1", "edges",
           "flatten", "grey", "ink", "lab", "matching_scale", "overlay", "pad_to", "shift", "ssim", "to_bytes"]
