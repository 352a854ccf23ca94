"""Re-check latency of `termkit lsp` after a keystroke in a 200 KB document, with the bundled termbase.

The document is the five UN documents of data/ repeated until it is 200 KB in
UTF-8 (about 76,000 characters, 4,000 lines). Keystrokes are single Chinese
characters typed at random places (a fixed seed). Figures, in milliseconds:

1. in-process, on the worker's own code path:
   - ``full``: the pipeline's check of the whole text (``check_document``), what a
     keystroke would cost without incremental re-checking;
   - ``incremental``: ``termkit.lsp.recheck.DocumentChecker.update`` after one keystroke;
   - ``+ diagnostics``: that plus the findings turned into LSP diagnostics (UTF-16 ranges);
2. end to end over stdio, as an editor sees it (a minimal JSON-RPC client): from sending
   ``didChange`` (the whole text, as the server asks for) to receiving the
   ``publishDiagnostics`` of that version, with the server's pause after typing
   (its debounce) set to 0 so that only the work is timed.

Medians, 90th percentiles and maxima are printed, and for the incremental
check the CPU time too (steadier than wall time on a busy machine); the
machine's load average is printed, since a shared machine's other work shows
in every wall-time figure.

Usage: python bench/lsp.py [--keys N] [--kb SIZE] [--no-e2e]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from termkit._util.gcpause import gc_paused  # noqa: E402
from termkit.api import load_termbase  # noqa: E402
from termkit.engine.options import CheckOptions  # noqa: E402
from termkit.lsp.diagnostics import Diagnostics  # noqa: E402
from termkit.lsp.positions import LspText  # noqa: E402
from termkit.lsp.recheck import DocumentChecker, RuleSet, check_full  # noqa: E402

KEYS = "的巴塞尔公约缔约方会议环境署化学品废物"


def document(kb: int) -> str:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "data").glob("*.txt")))
    out = text
    while len(out.encode("utf-8")) < kb * 1000:
        out += "\n" + text
    return out.encode("utf-8")[:kb * 1000].decode("utf-8", "ignore")


def summary(name: str, ms: list[float]) -> None:
    ms = sorted(ms)
    p90 = ms[int(len(ms) * 0.9)] if len(ms) > 1 else ms[0]
    print(f"  {name:<16} median {statistics.median(ms):7.1f}   p90 {p90:7.1f}   max {ms[-1]:7.1f}   ({len(ms)} runs)")


def keystrokes(text: str, n: int, seed: int = 17) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        pos = rng.randrange(len(text) + 1)
        text = text[:pos] + rng.choice(KEYS) + text[pos:]
        out.append(text)
    return out


def in_process(text: str, n: int) -> None:
    started = time.perf_counter()
    with gc_paused():
        termbase = load_termbase(cache=True)
    print(f"termbase: {len(termbase)} concepts, loaded in {time.perf_counter() - started:.1f} s (from the cache)")
    rules = RuleSet(termbase, CheckOptions())
    checker = DocumentChecker(rules, "doc.txt")
    started = time.perf_counter()
    checker.update(text)
    print(f"first check (matcher and variant index built): {time.perf_counter() - started:.2f} s")
    edits = keystrokes(text, n)
    full = []
    for t in edits[: max(5, n // 5)]:
        start = time.perf_counter()
        check_full(t, "doc.txt", rules)
        full.append((time.perf_counter() - start) * 1000)
    incremental, with_diagnostics, checked, cpu = [], [], [], []
    convert = Diagnostics()
    for t in edits:
        start, cpu_start = time.perf_counter(), time.process_time()
        found = checker.update(t)
        middle = time.perf_counter()
        cpu.append((time.process_time() - cpu_start) * 1000)
        convert(found, checker.marks, t, LspText(t))
        end = time.perf_counter()
        incremental.append((middle - start) * 1000)
        with_diagnostics.append((end - start) * 1000)
        checked.append(checker.last_checked)
    print(f"in process ({len(found)} findings; {statistics.median(checked):,.0f} characters checked again "
          f"per keystroke, median):")
    summary("full", full)
    summary("incremental", incremental)
    summary("  (CPU time)", cpu)
    summary("+ diagnostics", with_diagnostics)


class RawClient:
    """A minimal JSON-RPC client over the server's stdio: framing and ``json`` only.

    An editor parses a few hundred diagnostics in well under a millisecond
    (V8, Lua, Emacs' native JSON); pygls' own client turns each into attrs
    objects through cattrs, which would add its own cost to the server's.
    """

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self.next_id = 0
        self.waiting: dict[int, asyncio.Future] = {}
        self.published: dict[int, float] = {}
        self.event = asyncio.Event()
        self.reader = asyncio.ensure_future(self._read())

    def send(self, message: dict) -> None:
        body = json.dumps(message, ensure_ascii=False).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    async def request(self, method: str, params: dict) -> dict:
        self.next_id += 1
        future = asyncio.get_running_loop().create_future()
        self.waiting[self.next_id] = future
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return await asyncio.wait_for(future, 300)

    def notify(self, method: str, params: dict) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    async def _read(self) -> None:
        stream = self.proc.stdout
        assert stream is not None
        while True:
            length = 0
            while True:
                line = await stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            message = json.loads(await stream.readexactly(length))
            if "id" in message and message["id"] in self.waiting:
                self.waiting.pop(message["id"]).set_result(message.get("result"))
            elif message.get("method") == "textDocument/publishDiagnostics":
                version = message["params"].get("version")
                if version is not None:
                    self.published[version] = time.perf_counter()
                    self.event.set()

    async def wait(self, version: int) -> float:
        while version not in self.published:
            self.event.clear()
            await asyncio.wait_for(self.event.wait(), 300)
        return self.published[version]


async def end_to_end(text: str, n: int) -> None:
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "termkit", "lsp", cwd=str(ROOT),
                                                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
    client = RawClient(proc)
    await client.request("initialize", {"processId": os.getpid(), "rootUri": ROOT.as_uri(), "capabilities": {},
                                        "initializationOptions": {"debounceMs": 0}})
    client.notify("initialized", {})
    uri = (ROOT / "bench-lsp-doc.md").as_uri()
    started = time.perf_counter()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1,
                                                            "text": text}})
    print(f"end to end over stdio: server started, termbase loaded, first diagnostics in "
          f"{await client.wait(1) - started:.1f} s")
    latencies = []
    for version, t in enumerate(keystrokes(text, n), start=2):
        sent = time.perf_counter()
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                 "contentChanges": [{"text": t}]})
        latencies.append((await client.wait(version) - sent) * 1000)
        await asyncio.sleep(0.05)  # a typist's pace: one change at a time
    summary("didChange->diag", latencies)
    await client.request("shutdown", {})
    client.notify("exit", {})
    await proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keys", type=int, default=60, help="keystrokes to time (default 60)")
    parser.add_argument("--kb", type=int, default=200, help="document size in KB of UTF-8 (default 200)")
    parser.add_argument("--no-e2e", action="store_true", help="skip the measurement over stdio")
    args = parser.parse_args()
    text = document(args.kb)
    print(f"document: {len(text.encode('utf-8')):,} bytes, {len(text):,} characters, {text.count(chr(10)) + 1:,} lines; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    in_process(text, args.keys)
    if not args.no_e2e:
        asyncio.run(end_to_end(text, args.keys))


if __name__ == "__main__":
    main()
