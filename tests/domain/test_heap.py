"""The C heap's tuning: glibc's functions found in the process itself, nothing run to find them."""

from __future__ import annotations

import platform
import subprocess

import pytest

from functions.domain import heap


@pytest.fixture(autouse=True)
def _fresh_lookup():
    heap._glibc.cache_clear()
    yield
    heap._glibc.cache_clear()


def test_glibcs_functions_are_found_without_running_a_program(monkeypatch: pytest.MonkeyPatch) -> None:
    # ctypes.util.find_library("c") ran ldconfig in a subprocess on every run (5-10 ms) to find this library
    def no_programs(*args: object, **kwargs: object) -> None:
        raise AssertionError("a program was run to find the C library")

    monkeypatch.setattr(subprocess, "Popen", no_programs)
    on_glibc = platform.libc_ver()[0] == "glibc"
    assert (heap._glibc("mallopt") is not None) is on_glibc
    assert (heap._glibc("malloc_trim") is not None) is on_glibc
    heap.release_free_memory()  # runs (or does nothing) either way


def test_a_function_the_c_library_lacks_is_none() -> None:
    assert heap._glibc("sanyou_no_such_function") is None
