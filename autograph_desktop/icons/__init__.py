"""icons package."""
