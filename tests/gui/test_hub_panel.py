"""The team hub panel at its size: titles are not cut behind a scroll bar, small tables do not
fill the panel with blank rows. A status dict of the shape `annotator hub status --json` gives."""

from __future__ import annotations

from annotator.gui.hub_panel import HubStatusPanel

LONG = "Car bomb ramming attack kills dozens at military base in Maidan Shahr, Afghanistan"


def status() -> dict:
    return {"documents": 200, "assigned": 180,
            "annotators": [{"annotator": name, "reviewer": name == "rita", "assigned": 90,
                            "done": 40, "seconds": 20_000} for name in ("alice", "bob", "rita")],
            "pairs": [{"a": "alice", "b": "bob", "documents": 12, "f1_exact": 0.71}],
            "most_disagreement": [{"disagreements": 9 - i, "a": "alice", "b": "bob",
                                   "uid": f"{i:02d}" * 20, "title": title}
                                  for i, title in enumerate([LONG, "Short one", None])]}


def test_the_hub_panel_fits_titles_and_rows(qtbot):
    panel = HubStatusPanel(lambda *args: None)
    qtbot.addWidget(panel)
    panel.resize(760, 640)
    panel.set_report(status())
    panel.show()
    qtbot.waitExposed(panel)
    documents = panel.documents
    assert documents.horizontalScrollBar().maximum() == 0  # the long title is elided, not cut
    assert documents.item(0, 2).toolTip() == LONG
    assert documents.item(2, 2).text() == "0202020202020202"[:12]  # no title: the uid's start
    for table in (panel.annotators, panel.pairs):  # as tall as their rows, no taller
        rows = table.verticalHeader().length()
        assert table.height() <= table.horizontalHeader().height() + rows + 4 * table.frameWidth() + 4
        assert table.verticalScrollBar().maximum() == 0
    assert documents.height() > panel.annotators.height()  # the list to work through gets the room
