"""Three-tier review of proposal revisions: the workflow as a table (states.py), rubrics as data
(rubric.py), deadlines, queue queries and metrics, and the service that applies it all."""
