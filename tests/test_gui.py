"""The plain main window on the real demo database, driven offscreen."""

from PySide6.QtCore import Qt

from aplan_desktop.gui.app import RAW_ROLE, MainWindow


def test_main_window_lists_the_demo_documents_with_scores(qtbot, demo_store, db_path, tmp_path):
    window = MainWindow(demo_store, db_path)
    qtbot.addWidget(window)
    window.show()
    model = window.table.model()
    rows = {model.index(r, 0).data(RAW_ROLE).id: r for r in range(model.rowCount())}
    assert {"s000-report", "s001-report", "s002-plan", "s003-plan", "s004-plan"} <= set(rows)
    row = rows["s000-report"]
    assert model.index(row, 0).data() == "Бат-Өлзий сумын Засаг даргын Тамгын газар"
    assert model.index(row, 3).data() == "II хагас жил / жилийн эцэс"
    assert model.index(row, 5).data() == "95%"
    assert model.headerData(5, Qt.Orientation.Horizontal) == "Үнэлгээ"
    assert not window.grab().isNull()


def test_empty_database_says_how_to_load_the_demo(qtbot, store, db_path):
    from PySide6.QtWidgets import QLabel

    window = MainWindow(store, db_path)
    qtbot.addWidget(window)
    texts = [label.text() for label in window.findChildren(QLabel)]
    assert any("aplan demo" in t for t in texts)
