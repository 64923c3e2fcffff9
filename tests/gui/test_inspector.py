"""The inspector's actor pickers: this article's actors first, then the registry, one shared
list for every picker of an article, and a value the registry lacks still shown."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core.models import Annotation
from annotator.core.resources import resource
from annotator.core.scheme import parse_scheme
from annotator.gui.inspector import Inspector

ACTORS = [("USA", "United States", "STATE"), ("KOR", "South Korea", "STATE"),
          ("PRK", "North Korea", "STATE"), ("JPN", "Japan", "STATE")]


def _statement(**attrs):
    return Annotation("a1", 1, "alice", "STATEMENT", 0, 20, "The two reaffirmed it.", "COMMITMENT",
                      attrs)


def _inspector(qtbot):
    inspector = Inspector()
    qtbot.addWidget(inspector)
    scheme = parse_scheme(resource("schemes", "default.toml").read_text(encoding="utf-8"))
    inspector.set_scheme(scheme, ACTORS)
    inspector.set_article_actors(["PRK", "USA"], {"PRK": "DPRK"})
    return inspector


def test_article_actors_come_first_then_the_registry(qtbot):
    inspector = _inspector(qtbot)
    inspector.show_annotation(_statement(holder="USA", target="PRK"))
    holder = inspector.widget("holder")
    items = [holder.itemText(i) for i in range(holder.count())]
    assert items[:3] == ["—", "PRK — DPRK", "USA — United States"]
    assert holder.itemData(3, Qt.ItemDataRole.AccessibleDescriptionRole) == "separator"
    assert [holder.itemData(i) for i in range(4, holder.count())] == ["KOR", "JPN"]
    assert holder.currentData() == "USA" and inspector.widget("target").currentData() == "PRK"
    assert holder.model() is inspector.widget("target").model()  # built once, shared


def test_picking_an_actor_emits_its_id(qtbot):
    inspector = _inspector(qtbot)
    inspector.show_annotation(_statement())
    target = inspector.widget("target")
    with qtbot.waitSignal(inspector.slot_changed) as signal:
        target.activated.emit(target.findData("JPN"))
    assert signal.args == ["target", "JPN"]


def test_an_id_outside_the_registry_is_still_shown(qtbot):
    inspector = _inspector(qtbot)
    inspector.show_annotation(_statement(holder="XKX"))
    assert inspector.widget("holder").currentData() == "XKX"
    inspector.show_annotation(_statement(holder="USA"))  # and offered from now on
    assert inspector.widget("holder").findData("XKX") > 0


def test_a_new_article_rebuilds_the_list(qtbot):
    inspector = _inspector(qtbot)
    inspector.show_annotation(_statement())
    before = inspector.widget("holder").model()
    inspector.set_article_actors(["JPN"], {})
    inspector.show_annotation(_statement())
    holder = inspector.widget("holder")
    assert holder.model() is not before and holder.itemData(1) == "JPN"
