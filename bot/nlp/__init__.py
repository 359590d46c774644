"""Custom Rasa NLU components and the choice of the Dutch spaCy pipeline."""
