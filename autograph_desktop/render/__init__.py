"""Drawing diagrams: the shared QPainter painter, text layout, and SVG/PNG/PDF/thumbnail exports.

Qt-free (usable from the core and the CLI without a display): `arrowheads`, `routes`, `textlayout`,
`region`, `svg`, `embedded`, `pngwrite`, `qtfree`, `svgsafe`. QtGui (never widgets): `painter` (with
`entries`, `overview`, `qtstyle`, `fonts`, `shapes`, `arrows`), `raster`, `pdf`, `thumbnail`.
Nothing is imported here, so `import autograph_desktop.render.svg` does not start Qt.
"""
