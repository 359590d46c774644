"""Custom Rasa NLU components and the text work they wrap."""
