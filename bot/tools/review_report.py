"""The review's analysis of unanswered questions and its two outputs (HTML report, suggestions.yml).

Unanswered questions are de-identified first; only the de-identified text is embedded, grouped
and written. Groups: greedy clustering by cosine on the sentence embeddings (bot/nlp/encoder.py):
a question joins the first group whose first question is at least GROUP_SIMILARITY alike.
Nearest answer: the label (answer key or intent) of data/ whose three most similar training
examples are on average most alike (their embeddings come from the disk cache .cache/, so this
costs seconds); the score is that average cosine. Crisis examples are
never a candidate: a suggestion must not teach the model that an ordinary question is a crisis.
"""

from __future__ import annotations

import base64
import html
import io
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Dict, List, Tuple

import numpy as np
import yaml

from bot import settings
from bot.tools import review_events as ev
from bot.tools.review import Review, local

# e5 similarities of Dutch sentences: paraphrases ~0.93+, same subject other question ~0.88-0.91,
# unrelated ~0.78-0.83 (measured on a handful of questions, December 2026).
GROUP_SIMILARITY = 0.92
KNOWN_TOPIC = 0.90
EXAMPLES_PER_GROUP = 5
MAX_GROUPS_SHOWN = 60
NEAREST_K = 3
# Embedding runs at about 20 distinct questions a second here (2 shared cores); with the 30-day
# retention a store at 100,000 conversations a year holds some 1,500 unanswered questions.
MAX_QUESTIONS = 5_000


@dataclass
class Group:
    questions: Counter = field(default_factory=Counter)  # de-identified text -> times asked
    kinds: Counter = field(default_factory=Counter)
    nearest_label: str = ""
    score: float = 0.0

    @property
    def size(self) -> int:
        return sum(self.questions.values())

    @property
    def known(self) -> bool:
        return self.score >= KNOWN_TOPIC


@dataclass
class Analysis:
    groups: List[Group]
    seconds: Dict[str, float]
    not_grouped: int = 0  # distinct questions past max_questions (asked least often)


def _training_examples() -> Tuple[List[str], List[str]]:
    from bot.nlp.nlu_data import load_examples

    pairs = [
        (t, label) for t, label in load_examples(settings.ROOT / "data") if not label.startswith("crisis_")
    ]
    return [t for t, _ in pairs], [label for _, label in pairs]


def _nearest_label(sims: np.ndarray, by_label: Dict[str, np.ndarray]) -> Tuple[str, float]:
    """The label whose NEAREST_K most similar examples are most alike on average: one odd
    example of a label (a greeting that happens to share words) does not decide."""
    best, score = "", -1.0
    for label, idx in by_label.items():
        values = sims[idx]
        top = np.partition(values, -NEAREST_K)[-NEAREST_K:] if len(values) > NEAREST_K else values
        mean = float(top.mean())
        if mean > score:
            best, score = label, mean
    return best, score


def analyse(
    review: Review, say: Callable[[str], None] = lambda _: None, max_questions: int = MAX_QUESTIONS
) -> Analysis:
    from bot.nlp import encoder
    from bot.nlp.crisis_patterns import analyse as crisis_analysis
    from bot.tools.review_privacy import deidentify

    seconds: Dict[str, float] = {}
    clean: Counter = Counter()
    kinds: Dict[str, Counter] = {}
    if review.unanswered:
        t = time.time()
        say(f"{len(review.unanswered)} onbeantwoorde vragen de-identificeren (deduce)")
        for item in review.unanswered:
            if crisis_analysis(item.text).is_crisis:
                review.unanswered_hidden += 1
                continue
            text = deidentify(item.text)
            clean[text] += 1
            kinds.setdefault(text, Counter())[item.kind] += 1
        seconds["de-identificatie"] = time.time() - t
    review.unanswered = []  # raw texts are not needed any more
    if not clean:
        return Analysis([], seconds)

    t = time.time()
    texts = [text for text, _ in clean.most_common(max_questions)]
    not_grouped = len(clean) - len(texts)
    say(f"{len(texts)} verschillende vragen inbedden")
    vectors = encoder.embed_many(texts, threads=2, disk_cache=False)  # user text never on disk
    seconds["inbedden"] = time.time() - t

    t = time.time()
    leaders: List[int] = []
    members: List[List[int]] = []
    for i in range(len(texts)):
        if leaders:
            sims = vectors[leaders] @ vectors[i]
            best = int(np.argmax(sims))
            if sims[best] >= GROUP_SIMILARITY:
                members[best].append(i)
                continue
        leaders.append(i)
        members.append([i])
    seconds["groeperen"] = time.time() - t

    t = time.time()
    examples, labels = _training_examples()
    known = encoder.embed_many(examples, threads=2)
    by_label: Dict[str, np.ndarray] = {}
    for i, label in enumerate(labels):
        by_label.setdefault(label, []).append(i)
    by_label = {label: np.array(idx) for label, idx in by_label.items()}
    groups: List[Group] = []
    for idx in members:
        centre = vectors[idx].mean(axis=0)
        centre /= np.linalg.norm(centre) or 1.0
        label, score = _nearest_label(known @ centre, by_label)
        group = Group(nearest_label=label, score=score)
        for i in idx:
            group.questions[texts[i]] = clean[texts[i]]
            group.kinds.update(kinds[texts[i]])
        groups.append(group)
    groups.sort(key=lambda g: -g.size)
    seconds["dichtstbijzijnde antwoord"] = time.time() - t
    return Analysis(groups, seconds, not_grouped)


# ------------------------------------------------------------------ outputs
def _png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _plots(review: Review) -> Dict[str, str]:
    import logging
    import warnings

    logging.getLogger("matplotlib").setLevel(logging.ERROR)
    with warnings.catch_warnings():  # matplotlib 3.5 on a newer pyparsing: deprecation noise only
        warnings.simplefilter("ignore", DeprecationWarning)
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

    out: Dict[str, str] = {}
    hours = list(range(24))
    days = sorted(review.per_day)
    fig, ax = plt.subplots(figsize=(9, 2.8))
    ax.bar(range(len(days)), [review.per_day[d] for d in days], color="#2f6f73")
    step = max(1, len(days) // 12)
    ax.set_xticks(range(0, len(days), step), [days[i][5:] for i in range(0, len(days), step)])
    ax.set_ylabel("gesprekken")
    ax.set_title("Gesprekken per dag")
    out["dag"] = _png(fig)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(9, 2.8))
    ax.bar(hours, [review.per_hour[h] for h in hours], color="#2f6f73")
    ax.set_xticks(hours)
    ax.set_xlabel("uur van de dag (Nederlandse tijd)")
    ax.set_ylabel("gesprekken")
    ax.set_title("Wanneer beginnen gesprekken?")
    out["uur"] = _png(fig)
    plt.close(fig)

    kinds = sorted({k for _, k in review.crisis})
    if kinds:
        fig, ax = plt.subplots(figsize=(9, 2.8))
        bottom = np.zeros(24)
        for kind in kinds:
            values = np.array([review.crisis[(h, kind)] for h in hours])
            ax.bar(hours, values, bottom=bottom, label=kind)
            bottom += values
        ax.set_xticks(hours)
        ax.set_xlabel("uur van de dag")
        ax.set_ylabel("crisisantwoorden")
        ax.legend(fontsize=8)
        ax.set_title("Crisisantwoorden per uur en soort (alleen aantallen)")
        out["crisis"] = _png(fig)
        plt.close(fig)
    return out


def _period(review: Review) -> str:
    if review.first is None:
        return "geen gesprekken opgeslagen"
    fmt = "%d-%m-%Y %H:%M"
    return f"{local(review.first).strftime(fmt)} tot en met {local(review.last).strftime(fmt)}"


CSS = """body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2b2c}
h1{color:#2f6f73}table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
th,td{border-bottom:1px solid #d5dedf;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#eef4f4}td.n{text-align:right;white-space:nowrap}img{max-width:100%}
.kort{color:#555;font-size:.9rem}.tag{display:inline-block;padding:0 .4rem;border-radius:.3rem;background:#eef4f4}
.nieuw{background:#fbe9d0}ul{margin:0;padding-left:1.1rem}"""


def render_html(review: Review, analysis: Analysis) -> str:
    e = html.escape
    plots = _plots(review)
    made = datetime.now(local(time.time()).tzinfo).strftime("%d-%m-%Y %H:%M")
    parts = [
        f"<!doctype html><html lang='nl'><head><meta charset='utf-8'>"
        f"<title>Hechtwijzer: overzicht van de gesprekken</title><style>{CSS}</style></head><body>",
        "<h1>Hechtwijzer: wat vragen mensen, en helpen de antwoorden?</h1>",
        f"<p><strong>Periode:</strong> {e(_period(review))} (Nederlandse tijd). Gemaakt op {made}.</p>",
        f"<p>{review.conversations} gesprekken, {review.messages} berichten. Geen namen van "
        "gesprekken, geen codes van gebruikers. Tekst van berichten staat hier alleen bij vragen "
        "zonder antwoord, en dan zonder namen, adressen, nummers, e-mail en datums. Berichten "
        "met een crisisantwoord tellen we alleen.</p>",
        "<h2>Wanneer komen mensen?</h2>",
    ]
    parts += [
        f"<img alt='{alt}' src='{plots[key]}'>"
        for key, alt in (
            ("dag", "Staafdiagram: gesprekken per dag"),
            ("uur", "Staafdiagram: gesprekken per uur van de dag"),
        )
    ]
    night = sum(review.per_hour[h] for h in (22, 23, 0, 1, 2, 3, 4, 5))
    if review.conversations:
        parts.append(
            f"<p>{night} van de {review.conversations} gesprekken "
            f"({100 * night / review.conversations:.0f}%) begonnen tussen 22:00 en 06:00.</p>"
        )

    parts.append(
        "<h2>Meest gegeven antwoorden, en wat mensen ervan vonden</h2>"
        "<p class='kort'>Ja/nee: de knoppen 👍/👎 bij &ldquo;Had je hier iets aan?&rdquo; onder een "
        "antwoord. Herschrijf eerst de antwoorden met veel nee.</p>"
        "<table><tr><th>antwoord</th><th>gegeven</th><th>👍 ja</th><th>👎 nee</th><th>nee van de stemmen</th></tr>"
    )
    names = sorted(set(review.answers) | set(review.feedback), key=lambda r: (-review.answers[r], r))
    for response in names:
        up, down = review.feedback[response]["up"], review.feedback[response]["down"]
        share = f"{100 * down / (up + down):.0f}%" if up + down else "–"
        parts.append(
            f"<tr><td>{e(ev.answer_key(response))}</td><td class='n'>{review.answers[response]}</td>"
            f"<td class='n'>{up}</td><td class='n'>{down}</td><td class='n'>{share}</td></tr>"
        )
    parts.append("</table>")

    total = sum(g.size for g in analysis.groups)
    parts.append(
        f"<h2>Vragen zonder antwoord ({total})</h2>"
        "<p class='kort'>Vragen die het antwoord &ldquo;dat begrijp ik niet&rdquo; of &ldquo;daar "
        "kan ik niet bij helpen&rdquo; kregen, gegroepeerd op betekenis. Bij elke groep het "
        "dichtstbijzijnde bestaande antwoord: <span class='tag'>bekend onderwerp</span> (nieuwe "
        f"woorden voor een bestaand antwoord, score ≥ {KNOWN_TOPIC:.2f}) of "
        "<span class='tag nieuw'>mogelijk nieuw onderwerp</span>. De voorbeelden staan ook in "
        "suggestions.yml. Namen en nummers zijn vervangen, zoals [PERSOON-1]; kleine letters in "
        "een naam kunnen er doorheen glippen, lees dus altijd na.</p>"
    )
    if analysis.not_grouped:
        parts.append(
            f"<p class='kort'>{analysis.not_grouped} zelden gestelde vragen niet gegroepeerd "
            "(meer: <code>--max-questions</code>).</p>"
        )
    if review.unanswered_hidden:
        parts.append(
            f"<p class='kort'>{review.unanswered_hidden} vraag/vragen weggelaten: ze lijken op een "
            "crisis of kwamen na een crisisantwoord.</p>"
        )
    parts.append(
        "<table><tr><th>keer</th><th>vragen (voorbeelden)</th><th>dichtstbijzijnde antwoord</th>"
        "<th>score</th></tr>"
    )
    for group in analysis.groups[:MAX_GROUPS_SHOWN]:
        examples = "".join(
            f"<li>{e(q)}{f' ({n}×)' if n > 1 else ''}</li>"
            for q, n in group.questions.most_common(EXAMPLES_PER_GROUP)
        )
        verdict = (
            "<span class='tag'>bekend onderwerp</span>"
            if group.known
            else "<span class='tag nieuw'>mogelijk nieuw onderwerp</span>"
        )
        kinds = ", ".join(f"{k} {n}" for k, n in group.kinds.most_common())
        parts.append(
            f"<tr><td class='n'>{group.size}</td><td><ul>{examples}</ul>"
            f"<span class='kort'>{e(kinds)}</span></td><td>{e(group.nearest_label)}<br>{verdict}"
            f"</td><td class='n'>{group.score:.2f}</td></tr>"
        )
    parts.append("</table>")
    if len(analysis.groups) > MAX_GROUPS_SHOWN:
        parts.append(
            f"<p class='kort'>En nog {len(analysis.groups) - MAX_GROUPS_SHOWN} kleinere groepen "
            "(allemaal in suggestions.yml).</p>"
        )

    crisis_total = sum(review.crisis.values())
    parts.append(
        f"<h2>Crisisantwoorden ({crisis_total})</h2><p class='kort'>Alleen aantallen: "
        "de tekst van deze berichten wordt nooit gelezen of getoond.</p>"
    )
    if "crisis" in plots:
        parts.append(f"<img alt='Staafdiagram: crisisantwoorden per uur en soort' src='{plots['crisis']}'>")
    by_kind = Counter()
    for (_, kind), n in review.crisis.items():
        by_kind[kind] += n
    parts.append(
        "<table><tr><th>soort</th><th>aantal</th></tr>"
        + "".join(f"<tr><td>{e(k)}</td><td class='n'>{n}</td></tr>" for k, n in by_kind.most_common())
        + "</table>"
    )
    parts.append(
        "<h2>Verbeteren</h2><p>Lees suggestions.yml, zet goede voorbeelden in het juiste "
        "bestand in <code>data/</code>, en train opnieuw met <code>make train</code>.</p>"
        "</body></html>"
    )
    return "\n".join(parts)


def suggestions(analysis: Analysis, period: str) -> str:
    """Rasa NLU YAML: one block per likely answer key, the de-identified questions as examples."""
    by_label: Dict[str, List[Tuple[str, float]]] = {}
    for group in analysis.groups:
        for question in group.questions:
            by_label.setdefault(group.nearest_label, []).append((question, group.score))
    lines = [
        "# Vragen zonder antwoord als voorbeeldzinnen, gemaakt door `make review`.",
        f"# Periode: {period}. Namen en nummers zijn vervangen; lees alles na.",
        "# Zet een goede zin onder het juiste antwoord in data/ en train opnieuw (make train).",
        "# score: hoe dicht de vraag bij het dichtstbijzijnde voorbeeld ligt (1 = zelfde betekenis).",
        'version: "3.1"',
        "nlu:",
    ]
    for label in sorted(by_label, key=lambda k: -len(by_label[k])):
        items = by_label[label]
        lines.append(f"- intent: {label}")
        lines.append(
            f"  # {len(items)} vraag/vragen, score {min(s for _, s in items):.2f}–"
            f"{max(s for _, s in items):.2f}"
        )
        lines.append("  examples: |")
        lines += [f"    - {q}" for q, _ in items]
    text = "\n".join(lines) + "\n"
    yaml.safe_load(text)  # the editor gets valid YAML, whatever the questions contain
    return text


def write(review: Review, analysis: Analysis, out: Path) -> Tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(local(time.time()).tzinfo).strftime("%Y-%m-%d-%H%M")
    report = out / f"rapport-{stamp}.html"
    report.write_text(render_html(review, analysis), encoding="utf-8")
    path = out / "suggestions.yml"
    path.write_text(suggestions(analysis, _period(review)), encoding="utf-8")
    return report, path
