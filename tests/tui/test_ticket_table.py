"""The queue's table draws exactly what DataTable would, through its own caches."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from fstui.tui.widgets.ticket_table import TicketTable

CELLS = [
    ("1", Text("Open", style="bold green"), Text("Printer on the 3rd floor jams every single morning")),
    ("2", Text("Pending", style="italic"), Text("打印机卡纸 — 三楼 🖨️ every morning, wide characters")),
    ("3", Text(""), Text("short")),
    ("4", Text("Resolved", style="dim"), Text.assemble(("VIP ", "bold red"), "mixed ", ("spans", "underline"))),
]


class TableApp(App):
    def compose(self) -> ComposeResult:
        table = TicketTable(cursor_type="row")
        for key, label, width in (("id", "ID", 4), ("status", "Status", 8), ("subject", "Subject", 24)):
            table.add_column(label, key=key, width=width)
        yield table


async def test_cells_match_datatable_with_and_without_the_cursor():
    app = TableApp()
    async with app.run_test(size=(60, 10)) as pilot:
        table = app.query_one(TicketTable)
        table.append_rows([(key, (Text(key), status, subject)) for key, status, subject in CELLS])
        await pilot.pause()
        base = Style(color="white", bgcolor="black")
        for row in range(len(CELLS)):
            for column in range(3):
                width = table.ordered_columns[column].get_render_width(table)
                for cursor, hover in ((False, False), (True, False), (False, True), (True, True)):
                    ours = table._render_cell(row, column, base, width, cursor, hover)
                    theirs = DataTable._render_cell(table, row, column, base, width, cursor, hover)
                    assert ours == theirs, (row, column, cursor, hover)


async def test_an_updated_cell_is_drawn_anew():
    app = TableApp()
    async with app.run_test(size=(60, 10)) as pilot:
        table = app.query_one(TicketTable)
        table.append_rows([("7", (Text("7"), Text("Open"), Text("before")))])
        await pilot.pause()
        width = table.ordered_columns[2].get_render_width(table)
        before = table._render_cell(0, 2, Style(), width)
        table.update_cell("7", "subject", Text("after"))
        after = table._render_cell(0, 2, Style(), width)
        assert "before" in "".join(s.text for s in before[0])
        assert "after" in "".join(s.text for s in after[0])
        assert after == DataTable._render_cell(table, 0, 2, Style(), width)
