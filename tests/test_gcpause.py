"""The check pauses the cyclic garbage collector and always gives it back as it found it."""

from __future__ import annotations

import gc

import pytest
from conftest import CORPUS, FIXTURES

from termkit import check_paths
from termkit._util.gcpause import gc_paused
from termkit.errors import InputError


def test_pause_restores_the_collector_even_on_error():
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        with gc_paused():
            assert not gc.isenabled()
            with gc_paused():  # nested: the inner pause leaves the collector to the outer one
                assert not gc.isenabled()
            assert not gc.isenabled()
            raise RuntimeError("boom")
    assert gc.isenabled()


def test_pause_leaves_a_disabled_collector_disabled():
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_check_runs_with_the_collector_paused_and_restores_it(mini_termbase):
    seen = []
    gc.callbacks.append(lambda phase, info: seen.append(phase))
    try:
        result = check_paths(CORPUS[:2], mini_termbase)
    finally:
        gc.callbacks.pop()
    assert result.findings
    assert seen == []  # no collection ran during the check
    assert gc.isenabled()
    with pytest.raises(InputError):
        check_paths([FIXTURES / "no-such-file.txt"], mini_termbase)
    assert gc.isenabled()
