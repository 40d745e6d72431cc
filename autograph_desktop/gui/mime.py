"""The clipboard and drag-and-drop types of our own (kept apart so that declaring them loads nothing)."""

#: What the insert panel's drag carries: JSON {"kind": "shape" | "icon", "id": ..., "label": ...}.
INSERT_MIME = "application/x-autograph-insert"
