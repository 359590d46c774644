"""A question what a word means ("wat betekent spiegelen?", "wat bedoel je met RAD?"): the term's
own explanation (begrip/<key>), whatever else the message holds.

Played round 32: a mother writing Dutch as a second language asked "Wat betekent spiegelen? Ik snap dit
woord niet. En 60% veilig, dus 40% niet??"; the classifier took the answer with the 60 % in it, which
she had just read, and the word stayed unexplained. Only an explicit question for a meaning counts:
"wat is VIPP?" stays with the classifier, which knows the longer answer on it too.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

from bot.nlp.text_patterns import normalise

_ASKS_MEANING = re.compile(
    r"\b(wat (betekent|betekend|beteken|betekenen|bedoel (je|jij|u|ze|hij) met|wordt er bedoeld met|"
    r"houdt|is de betekenis van)|wat is (dat|het) (eigenlijk )?(voor )?(een )?woord)\b (het woord |de term )?(.+)$"
)


def term_asked(text: Optional[str], terms: Iterable[str]) -> Optional[str]:
    """The label begrip/<key> of the term a sentence of `text` asks the meaning of, or None.
    `terms` are the begrip labels the classifier knows; a key's underscores are spaces."""
    by_words = {label.split("/", 1)[1].replace("_", " "): label for label in terms}
    for sentence in re.split(r"[.!?\n]+", str(text or "")):
        match = _ASKS_MEANING.search(normalise(sentence))
        if not match:
            continue
        asked = match.group(match.lastindex)
        for words, label in sorted(by_words.items(), key=lambda wl: -len(wl[0])):
            if re.match(rf"{re.escape(normalise(words))}\b", asked):
                return label
    return None
