"""Presales Workbench: knowledge, search, proposals and reviews for presales teams."""

__version__ = "0.1.0"
