"""Demo data shipped with the package: customer documents to answer (``tenders/``)."""
