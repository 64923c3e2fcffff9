"""The Help menu (keys, guidelines, About with licences and attributions) and the focus going
back to the article when a dialog closes."""

from __future__ import annotations

from annotator import __version__


def _menu_texts(window, title):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == title)
    return [a.text() for a in menu.actions() if a.text()]


def test_help_has_keys_guidelines_and_about(qtbot, open_window, gui_project_path):
    from annotator.gui import help as help_dialogs

    window = open_window(gui_project_path)
    assert _menu_texts(window, "&Help") == ["&Keys…", "&Guidelines…", "&About Stance Annotator…"]
    about = help_dialogs.show_about(window)
    text = about.browser.toPlainText()
    assert f"Stance Annotator {__version__}" in text
    assert "Licence: MIT" in text and "LGPL-3.0" in text
    assert "CC BY 2.5" in text and "Wikinews" in text  # the samples, from resources/samples
    assert "CC BY-SA 4.0" in text  # the training data, from resources/training
    assert "The starter suggestion model" in text  # resources/models, titled by its ATTRIBUTION.md
    about.close()
    guidelines = help_dialogs.show_guidelines(window)
    assert "EXTENDED_DETERRENCE" in guidelines.browser.toPlainText()
    guidelines.close()


def test_focus_returns_to_the_article_after_a_dialog(qtbot, open_window, gui_project_path):
    from annotator.gui import help as help_dialogs

    window = open_window(gui_project_path)
    window.activateWindow()
    window.queue_view.setFocus()  # e.g. the queue had it when the dialog opened
    qtbot.waitUntil(window.queue_view.hasFocus, timeout=2000)
    dialog = help_dialogs.show_about(window)
    qtbot.waitUntil(lambda: dialog.isVisible(), timeout=2000)
    dialog.activateWindow()
    dialog.browser.setFocus()
    qtbot.waitUntil(dialog.browser.hasFocus, timeout=2000)
    dialog.close()
    qtbot.waitUntil(window.view.hasFocus, timeout=3000)

    window.search.setFocus()  # the search box had it this time
    qtbot.waitUntil(window.search.hasFocus, timeout=2000)
    window.show_error("[E999] something went wrong")
    box = window.last_error
    qtbot.waitUntil(box.isVisible, timeout=2000)
    box.button(box.StandardButton.Ok).setFocus()
    qtbot.waitUntil(box.button(box.StandardButton.Ok).hasFocus, timeout=2000)
    box.accept()
    qtbot.waitUntil(window.view.hasFocus, timeout=3000)


def test_every_menu_item_has_its_own_access_key(qtbot, open_window, gui_project_path):
    """Alt+R then T has to reach one item: two items with the same access key only cycle the
    highlight between them (Train and Teach did), so the keyboard could not start either."""
    window = open_window(gui_project_path)
    for top in window.menuBar().actions():
        keys = [a.text().lower().split("&")[1][0] for a in top.menu().actions()
                if a.text() and "&" in a.text()]
        assert len(keys) == len(set(keys)), (top.text(), keys)
        assert all("&" in a.text() for a in top.menu().actions() if a.text()), top.text()


def test_attribution_lists_between_lines_stay_lists():
    """The starter model's ATTRIBUTION.md introduces its list with a line and follows it with
    one, in the same block: the About box showed the items run together with their dashes."""
    from annotator.gui.help import _markdown_html

    text = ("# The model\n\nTrained on:\n- Wikinews sentences,\n  CC BY 2.5;\n- PLOVER records.\n"
            "Offered under CC BY-SA 4.0.\n\n> quoted\n> on.\n\n- one\n- two")
    assert _markdown_html(text) == (
        "<p><b>The model</b></p><p>Trained on:</p>"
        "<ul><li>Wikinews sentences, CC BY 2.5;</li><li>PLOVER records.</li></ul>"
        "<p>Offered under CC BY-SA 4.0.</p><blockquote>quoted on.</blockquote>"
        "<ul><li>one</li><li>two</li></ul>")


def test_guideline_labels_are_chips_with_dark_text():
    from annotator.core.resources import default_scheme_text
    from annotator.core.scheme import parse_scheme
    from annotator.gui.panels import _tint, guidelines_html

    assert _tint("#aec7e8") == "#dbe6f5" and _tint("#000000", 1.0) == "#000000"
    html = guidelines_html(parse_scheme(default_scheme_text()))
    assert "style='color:" not in html  # no label drawn in its own pale colour as text
    assert f"background-color:{_tint('#aec7e8')}" in html  # LOC, as a tinted chip
