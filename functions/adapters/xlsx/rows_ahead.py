"""A big log's rows handed to the job's parser slice by slice, while the workers read the next slices."""

from __future__ import annotations

from functions.adapters.xlsx.columns import ColumnGatherer
from functions.domain.heap import release_free_memory
from functions.domain.read_ahead import ParseAhead, RowSink
from functions.domain.schema import TabSchema
from functions.domain.table import HEADER_SCAN_ROWS, Table, header_table, rows_between
from functions.domain.workbook import Snapshot

# The records built during the read lie among the freed cells of calamine's slices: glibc keeps those pages
# until trimmed, and the night's peak carried 40 MB of them. Trimmed every fourth slice, the peak is as low as
# every second (140-142 MiB), with a third fewer page faults since the slices' buffers stay in the heap (see
# tune_heap_for_reading); never trimmed during the read: 6 MiB higher, another 0.03 s less.
TRIM_EVERY = 4


class RowsAhead:
    """Feeds a big tab's rows to the job's RowSink as its slices come in: the read's own thread parses them
    while the workers parse the next slices (the 170,000 contacts then cost the night 0.3 s less).

    The sink sees exactly the rows the finished Table holds (same header search, same blank rows left out).
    A sink that takes the cells gets the rows instead of the table: the raw and parsed copies of a big log
    are then never both whole in memory, and the Table keeps only its headers and row numbers.
    """

    def __init__(self, parse_ahead: ParseAhead, snapshot: Snapshot, title: str, tab: TabSchema) -> None:
        self._parse_ahead, self._snapshot, self._title, self._tab = parse_ahead, snapshot, title, tab
        self._head: Table | None = None
        self._sink: RowSink | None = None
        self._fed = 0  # index in the gathered columns of the first row not handed over yet
        self._done = False  # no sink for this tab
        self._feeds = 0

    def after_slice(self, gathered: ColumnGatherer, last: bool = False) -> None:
        """Hand over the rows gathered since the last call (the header is found once HEADER_SCAN_ROWS are in)."""
        columns = gathered.columns
        height = len(columns[0]) if columns else 0
        if self._done or (self._head is None and (not height or (height < HEADER_SCAN_ROWS and not last))):
            return
        if self._head is None:
            self._head = header_table(self._title, columns, self._tab)
            sink = self._parse_ahead.start(self._snapshot, self._head) if self._head.columns else None
            self._sink, self._done, self._fed = sink, sink is None, self._head.header_row  # the row below it
            if sink is None:
                return
        sink = self._sink
        if sink is not None and height > self._fed:
            cells, numbers = rows_between(self._head, columns, self._fed, height, gathered.forgotten + 1)
            sink.feed(cells.__getitem__, numbers)
            self._fed, self._feeds = height, self._feeds + 1
            if self._feeds % TRIM_EVERY == 0:
                release_free_memory()
            if sink.takes_cells:
                gathered.forget_rows()
                self._fed = 0

    def table(self, gathered: ColumnGatherer) -> Table | None:
        """After the last slice: the Table when the sink took the cells (headers, row numbers, the sink), else
        None (the caller builds it from the columns and gives it to attach)."""
        self.after_slice(gathered, last=True)
        if self._sink is None or not self._sink.takes_cells or self._head is None:
            return None
        table = self._head
        table.numbers = self._sink.numbers
        table.handed_over = True  # its raw cells went to the parser as they were read
        table.parsed_ahead = self._sink
        return table

    def attach(self, table: Table) -> None:
        """Give the sink (it did not take the cells) to the table built from them, for validation."""
        if self._sink is not None:
            table.parsed_ahead = self._sink
