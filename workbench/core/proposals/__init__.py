"""Proposals: templates, typed inputs, matched knowledge, drafts and revisions, Word and PDF."""
