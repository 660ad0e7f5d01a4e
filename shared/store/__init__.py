"""Persistence: a crash-safe, multi-process store over TinyDB files."""
