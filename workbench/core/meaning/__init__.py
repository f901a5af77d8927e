"""Matching by meaning, offline: a bundled sentence encoder, vectors kept beside the search index
as derived data, and the fusion of the keyword and vector rankings."""
