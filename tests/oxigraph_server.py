"""Start a real `oxigraph serve` (PyPI package `oxigraph`) on a free local port, for tests and benchmarks."""
from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

#: how long the server may take to answer its first request
STARTUP_TIMEOUT = 30.0


def oxigraph_binary() -> str | None:
    """The `oxigraph` command next to this Python (the venv's bin) or on PATH; None if not installed."""
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def oxigraph_server(location: Path, *, union: bool = True, timeout_s: int | None = None) -> Iterator[str]:
    """Run `oxigraph serve` on 127.0.0.1 with its data in ``location``; yield its base URL and kill
    it afterwards (even on failure).  ``union``: --union-default-graph; ``timeout_s``: --timeout-s."""
    binary = oxigraph_binary()
    if binary is None:
        raise RuntimeError("the oxigraph server is not installed (pip install oxigraph)")
    port = free_port()
    command = [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    if union:
        command.append("--union-default-graph")
    if timeout_s is not None:
        command += ["--timeout-s", str(timeout_s)]
    log = open(location.parent / f"oxigraph-{port}.log", "wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_answering(url, process)
        yield url
    finally:
        process.kill()
        process.wait()
        log.close()


def _wait_until_answering(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph serve exited with code {process.returncode}")
        try:
            httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.05)
    raise RuntimeError(f"oxigraph serve did not answer at {url} within {STARTUP_TIMEOUT:g} s")
