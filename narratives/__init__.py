"""narratives: find contradictions and competing narratives across news sources."""

__version__ = "0.4.0"
