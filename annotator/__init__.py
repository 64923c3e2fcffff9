"""Stance Annotator: label stance and commitment statements in news articles."""

__version__ = "0.1.0"
APP_NAME = "Stance Annotator"
