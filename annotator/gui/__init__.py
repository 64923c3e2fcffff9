"""The desktop window. The only package that imports Qt; it never runs SQL or calls spaCy —
it calls the Project API through the task runner (tasks.py), off the UI thread."""
