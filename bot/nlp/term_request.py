"""A question what a word means ("wat betekent spiegelen?", "wat bedoel je met RAD?"): the term's
own explanation (begrip/<key>), whatever else the message holds.

Played round 32: a mother writing Dutch as a second language asked "Wat betekent spiegelen? Ik snap dit
woord niet. En 60% veilig, dus 40% niet??"; the classifier took the answer with the 60 % in it, which
she had just read, and the word stayed unexplained. Only an explicit question for a meaning counts:
"wat is VIPP?" stays with the classifier, which knows the longer answer on it too.
"""

from __future__ import annotations

from typing import Optional, Sequence

from bot.nlp.text_patterns import compile_pattern, normalise, normalise_sentences

_ASKS_MEANING = compile_pattern(
    r"\b(wat (betekent|betekend|beteken|betekenen|bedoel (je|jij|u|ze|hij) met|wordt er bedoeld met|"
    r"houdt|is de betekenis van)|wat is (dat|het) (eigenlijk )?(voor )?(een )?woord)\b (het woord |de term )?(.+)$",
    where="bot/nlp/term_request.py _ASKS_MEANING",
)


def term_asked(text: Optional[str], labels: Sequence[str]) -> Optional[str]:
    """The label begrip/<key> of the term a sentence of `text` asks the meaning of, or None.
    `labels`: every label the classifier knows; its begrip/ ones are the terms (underscores are spaces)."""
    for sentence in normalise_sentences(text):
        match = _ASKS_MEANING.search(sentence)
        if not match:
            continue
        asked = f"{match.group(match.lastindex)} "
        # built only here, for the rare message that asks a meaning; the longest term first
        by_words = sorted(
            (
                (normalise(label.split("/", 1)[1].replace("_", " ")), label)
                for label in labels
                if label.startswith("begrip/")
            ),
            key=lambda wl: -len(wl[0]),
        )
        label = next((label for words, label in by_words if asked.startswith(f"{words} ")), None)
        if label:
            return label
    return None
