"""How annotations and suggestions look in the article view.

Suggestions are quiet (a dotted underline, a faint band for a candidate statement) so that an
analyst can tell at a glance what is machine proposal and what is their own decision:
accepted mentions are filled with their label's colour, statements get a coloured band with a
solid underline, cues are bold. The item under the caret is outlined by a stronger fill.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QBrush, QColor, QFont, QTextCharFormat

from annotator.core.scheme import Scheme

SUGGESTION_STATEMENT = QColor(255, 244, 214)
CUE_COLOUR = "#8a8a00"


@dataclass(frozen=True)
class Span:
    """One thing drawn in the article: an annotation or an open suggestion."""

    start: int
    end: int
    kind: str
    label: str
    source: str  # "annotation" | "suggestion"
    ref: Any  # annotation id or suggestion id
    tooltip: str

    @property
    def key(self) -> tuple[str, Any]:
        return (self.source, self.ref)


def colour_of(scheme: Scheme, label: str) -> QColor:
    try:
        return QColor(scheme.label(label).color)
    except Exception:  # labels a statistical pipeline knows but the scheme does not
        return QColor("#7f7f7f")


def format_for(span: Span, scheme: Scheme, current: bool) -> QTextCharFormat:
    fmt = QTextCharFormat()
    colour = colour_of(scheme, span.label)
    if span.source == "suggestion":
        if span.kind == "STATEMENT":
            fmt.setBackground(QBrush(SUGGESTION_STATEMENT))
        else:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            fmt.setUnderlineColor(QColor(CUE_COLOUR) if span.kind == "CUE" else colour)
        if current:
            fmt.setBackground(QBrush(QColor(255, 215, 120)))
        return fmt
    if span.kind == "MENTION":
        fill = QColor(colour)
        fill.setAlpha(150 if current else 70)
        fmt.setBackground(QBrush(fill))
    elif span.kind == "STATEMENT":
        band = QColor(colour)
        band.setAlpha(80 if current else 34)
        fmt.setBackground(QBrush(band))
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(colour)
    else:  # CUE
        fmt.setFontWeight(QFont.Weight.Bold)
        fmt.setForeground(QBrush(QColor(CUE_COLOUR)))
        if current:
            fmt.setBackground(QBrush(QColor(240, 240, 180)))
    return fmt


def statement_tip(s: Any) -> str:
    """A suggested statement's hover text: the score that drew it (the model's, with the
    other types' shares, or the rules'), and the proposed holder and target."""
    attrs = s.attrs
    if attrs.get("model"):
        others = sorted(((v, k) for k, v in (attrs.get("type_scores") or {}).items()
                         if k != s.label and v >= 0.1), reverse=True)
        alt = "".join(f", {k} {v:.0%}" for v, k in others[:2])
        source = f"model score {s.score or 0:.2f} (model {attrs['model']}{alt})"
    else:
        source = f"rule score {s.score or 0:.2f}"
    slots = "".join(f", {slot} {attrs[slot]}" for slot in ("holder", "target") if attrs.get(slot))
    return f"Suggested {s.label}: {source}{slots} — Enter accepts, X rejects"


def spans_for(state: Any, scheme: Scheme) -> list[Span]:
    """Draw order matters (later wins per property): statements, then mentions, then cues."""
    names = state.actor_names
    spans: list[Span] = []
    for s in state.suggestions:
        actor = s.actor_id or ""
        if s.kind == "STATEMENT":
            tip = statement_tip(s)
        elif s.ambiguous:
            options = s.attrs.get("candidates") or ([actor] if actor else [])
            tip = f"Suggested {s.label}, ambiguous: {' / '.join(options)} — Enter accepts"
        else:
            who = f" → {names.get(actor, actor)} ({actor})" if actor else ""
            tip = f"Suggested {s.kind.lower()} {s.label}{who} — Enter accepts, X rejects"
        spans.append(Span(s.start, s.end, s.kind, s.label, "suggestion", s.id, tip))
    for a in state.annotations:
        slots = ", ".join(f"{k}={'+'.join(v) if isinstance(v, list) else v}"
                          for k, v in a.attrs.items())
        tip = f"{a.label} ({a.kind.lower()})" + (f": {slots}" if slots else "")
        spans.append(Span(a.start, a.end, a.kind, a.label, "annotation", a.id, tip))
    rank = {"STATEMENT": 0, "MENTION": 1, "CUE": 2}
    spans.sort(key=lambda s: (s.source == "annotation", rank.get(s.kind, 1), s.start))
    return spans
