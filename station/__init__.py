"""Station application (Textual)."""
