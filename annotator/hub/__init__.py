"""The team hub: a PostgreSQL database that holds a project's documents once, every
annotator's event log and the assignments, so a team shares work while each annotator keeps
a local project file that works offline.

Layering: the hub sits beside `project` (it uses `Project` and the store, never Qt). psycopg
is imported only here, so the rest of the application runs without it.
"""
