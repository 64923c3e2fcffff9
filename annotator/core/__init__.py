"""Domain objects and rules. Standard library only, so every other layer can lean on it."""
