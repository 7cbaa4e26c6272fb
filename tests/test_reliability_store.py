"""Fault injection against the store through the real CLI (subprocesses): SIGKILL mid-ingest,
a damaged database page, a full disk. See tests/faults.py."""

import os

import pytest

from . import faults


def test_sigkill_during_ingest_loses_nothing_committed(tmp_path):
    r = faults.fault_sigkill(tmp_path, cases=2, seed=11, batch=100)
    assert r.cases == 2 and r.tracebacks == 0
    assert r.lost == 0, r.notes
    assert all(o in ("store consistent; re-run completes it", "ingest finished before the kill")
               for o in r.outcomes), r.outcomes


def test_damaged_database_page_is_an_error_line_not_a_crash(tmp_path):
    r = faults.fault_corrupt_db(tmp_path)
    assert r.cases == 3 and r.tracebacks == 0, r.outcomes
    for outcome in r.outcomes:  # per command: it worked, or said so in one line with exit 2
        for part in outcome.split(" | "):
            assert part.endswith(("exit 0", "one Error line, exit 2")), outcome
    assert "one Error line, exit 2" in r.outcomes[1]  # a damaged header is always refused


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small tmpfs needs root")
def test_disk_full_during_ingest(tmp_path):
    r = faults.fault_disk_full(tmp_path)
    if r.cases == 0:
        pytest.skip(r.notes[0])
    assert r.tracebacks == 0, r.notes
    assert r.lost == 0
    assert r.outcomes == ["one Error line, exit 2; integrity ok; re-run after freeing space: exit 0"], r.notes
