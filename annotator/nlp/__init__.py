"""spaCy pre-highlighting: pipeline loading, actor ruler, cue matcher, candidate statements.

Importing this package does not import spaCy; the modules that need it do, so the CLI and the
window start without paying spaCy's import time.
"""
