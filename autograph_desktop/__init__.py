"""AutoGraph Desktop: a native, offline-first diagramming studio for software people."""

__version__ = "0.1.0"
