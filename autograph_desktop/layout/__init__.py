"""layout package."""
