"""Rasa SDK custom actions (the action server registers every Action subclass in this package)."""
