"""Comparing layers: alignment, agreement figures, adjudication to gold. No Qt, no SQL."""
