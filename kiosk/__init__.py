"""Kiosk application (Textual)."""
