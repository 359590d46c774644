"""Hechtwijzer: our own Python (components, launcher, web widget, tools)."""
