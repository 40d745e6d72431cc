"""Mermaid text -> small diagram descriptions (specs) -> native model elements, and back."""
