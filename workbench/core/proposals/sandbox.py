"""A template is filled in and checked in a separate process that cannot take the application
down with it: its address space is capped (``RLIMIT_AS``), each request gets a CPU budget
(``RLIMIT_CPU``; the SIGXCPU it raises stops the template with a clear error) and the parent
kills it if a request overruns its wall-clock allowance. In the jinja sandbox alone, a
string-doubling loop reached 3.2 GB before a 5 s time limit stopped it, and listing a folder
with two oversized-string templates took 146 s and 8.9 GB.

The process is started once and kept warm: it keeps the compiled templates between renders
(compiling tech-proposal-en took ~0.4 s; a render from the compiled template takes milliseconds),
so the common path pays only for sending the context over a pipe. One request at a time;
a process that hit its memory cap, crashed or overran is replaced on the next request.

Requests travel as pickles over the child's stdin and replies over its stdout, each framed with
its length. On a platform without ``resource`` (Windows) the child runs without rlimits and
only the wall-clock kill applies.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import math
import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Any

from workbench.core.errors import WorkbenchError

log = logging.getLogger(__name__)

MEMORY_LIMIT_MB = 512  # the child's whole address space (it starts at ~30 MB)
CHECK_TIME_S = 10.0  # CPU seconds to read, parse and compile one template folder
STARTUP_ALLOWANCE_S = 15.0  # wall-clock time on top of the CPU budget (start-up, a busy machine)
MAX_REPLY_BYTES = 64 * 1024 * 1024
_FRAME = struct.Struct(">Q")


def _write_frame(stream: IO[bytes], payload: Any) -> None:
    data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_FRAME.pack(len(data)) + data)
    stream.flush()


def _read_exact(stream: IO[bytes], size: int) -> bytes | None:
    chunks = []
    while size:
        chunk = stream.read(size)
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _read_frame(stream: IO[bytes], limit: int | None = None) -> Any:
    """The next payload, or None at the end of the stream (or when a frame is over ``limit``)."""
    header = _read_exact(stream, _FRAME.size)
    if header is None:
        return None
    (size,) = _FRAME.unpack(header)
    if limit is not None and size > limit:
        return None
    data = _read_exact(stream, size)
    return None if data is None else pickle.loads(data)


# --- the parent's side ------------------------------------------------------------------------------

class _Worker:
    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.replies: queue.Queue[Any] = queue.Queue()
        self.last_exit: int | None = None

    def _start(self) -> subprocess.Popen[bytes]:
        root = str(Path(__file__).resolve().parents[3])  # the folder holding the workbench package
        code = ("import sys; sys.path.insert(0, sys.argv[1]); "
                "from workbench.core.proposals.sandbox import child_main; child_main(int(sys.argv[2]))")
        process = subprocess.Popen(
            [sys.executable, "-I", "-c", code, root, str(MEMORY_LIMIT_MB)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )
        replies: queue.Queue[Any] = queue.Queue()
        stdout = process.stdout
        assert stdout is not None

        def read() -> None:
            while True:
                try:
                    reply = _read_frame(stdout, MAX_REPLY_BYTES)
                except Exception:  # a torn or foreign frame: the process is no longer usable
                    log.exception("template sandbox: unreadable reply")
                    reply = None
                replies.put(reply)
                if reply is None:
                    stdout.close()
                    return

        threading.Thread(target=read, name="template-sandbox-reader", daemon=True).start()
        self.process, self.replies = process, replies
        return process

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            process.kill()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:  # pragma: no cover - a killed process that does not go
            log.warning("template sandbox process %s did not exit", process.pid)
        self.last_exit = process.returncode
        if process.stdin is not None:  # stdout is closed by its reader at the end of the stream
            with contextlib.suppress(OSError):
                process.stdin.close()

    def ask(self, request: dict[str, Any], wall_s: float) -> Any:
        """The reply to ``request``; None when the process died, ``TimeoutError`` when it overran."""
        process = self.process
        if process is None or process.poll() is not None:
            self.stop()
            process = self._start()
        assert process.stdin is not None
        try:
            _write_frame(process.stdin, request)
        except (BrokenPipeError, OSError):
            self.stop()
            return None
        try:
            reply = self.replies.get(timeout=wall_s)
        except queue.Empty:
            self.stop()
            raise TimeoutError from None
        if reply is None:
            self.stop()
        return reply


_WORKER = _Worker()
_LOCK = threading.Lock()
atexit.register(_WORKER.stop)


def _file_of(op: str, folder: Path) -> str:
    """What an error names: the template file for a render, the folder for a check."""
    from workbench.core.proposals.render import TEMPLATE_FILE

    return str(folder / TEMPLATE_FILE) if op == "render" else str(folder)


def run_in_sandbox(op: str, folder: Path, cpu_s: float, **arguments: Any) -> Any:
    """Run ``op`` ("render" or "load") for the template in ``folder`` in the sandbox process.
    Raises the WorkbenchError the work raised there, or TemplateError when it ran out of time or
    memory or the process died."""
    from workbench.core.proposals.render import TemplateError

    request = {"op": op, "folder": str(folder), "cpu_s": cpu_s, **arguments}
    with _LOCK:
        try:
            reply = _WORKER.ask(request, cpu_s * 2 + STARTUP_ALLOWANCE_S)
        except TimeoutError:
            log.warning("template sandbox: no answer to %s %s within %.0f s; process replaced",
                        op, folder, cpu_s * 2 + STARTUP_ALLOWANCE_S)
            raise TemplateError("template_timeout", file=_file_of(op, folder), seconds=f"{cpu_s:g}") from None
        except OSError:  # the process could not be started
            log.exception("template sandbox: cannot start %s for %s %s", sys.executable, op, folder)
            raise TemplateError("template_crashed", file=_file_of(op, folder), limit=MEMORY_LIMIT_MB) from None
        if reply is not None and reply[0] == "error" and reply[1] == "template_memory":
            _WORKER.stop()  # a fresh process for the next request
    if reply is None:
        log.error("template sandbox process died on %s %s (exit %s)", op, folder, _WORKER.last_exit)
        raise TemplateError("template_crashed", file=_file_of(op, folder), limit=MEMORY_LIMIT_MB)
    kind = reply[0]
    if kind == "ok":
        return reply[1]
    if kind == "error":
        code, params = reply[1], reply[2]
        raise (TemplateError if code.startswith("template_") and code != "template_invalid" else WorkbenchError)(
            code, **params)
    log.error("template sandbox: %s %s failed:\n%s", op, folder, reply[1])
    raise TemplateError("template_crashed", file=_file_of(op, folder), limit=MEMORY_LIMIT_MB)


# --- the child's side -------------------------------------------------------------------------------

class _OutOfTime(BaseException):
    """Raised by the SIGXCPU handler; a BaseException so no template-level handler swallows it."""


def _cpu_budget(seconds: float | None) -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if seconds is None:
        resource.setrlimit(resource.RLIMIT_CPU, (hard, hard))
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = math.ceil(usage.ru_utime + usage.ru_stime + seconds)
    resource.setrlimit(resource.RLIMIT_CPU, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))


def _limit_memory(megabytes: int) -> int:
    """Cap this process's address space; returns the cap in MB."""
    try:
        import resource
        import signal
    except ImportError:  # pragma: no cover - Windows
        return megabytes
    limit = megabytes * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:  # started under a tighter cap: keep it (it cannot be raised)
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    def out_of_time(signum: int, frame: object) -> None:
        raise _OutOfTime()

    signal.signal(signal.SIGXCPU, out_of_time)
    return limit // (1024 * 1024)


def _plain_params(params: dict[str, Any]) -> dict[str, Any]:
    return {k: v if isinstance(v, (str, int, float)) else str(v) for k, v in params.items()}


def _handle(request: dict[str, Any]) -> Any:
    folder = Path(request["folder"])
    if request["op"] == "render":
        from workbench.core.proposals.render import render_in_process

        return render_in_process(folder, request["currency"], request["context"])
    if request["op"] == "load":
        from workbench.core.proposals.catalog import TemplateUnusable, read_template

        try:
            return read_template(folder)
        except TemplateUnusable as exc:  # the parent words it again, in the reader's language
            raise exc.cause from None
    raise ValueError(f"unknown request {request['op']!r}")


def child_main(memory_mb: int) -> None:
    """The sandbox process: answer requests until stdin closes."""
    memory_mb = _limit_memory(memory_mb)
    requests, replies = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not corrupt the replies
    os.environ.pop("PYTHONSTARTUP", None)
    while True:
        request = _read_frame(requests)
        if request is None:
            return
        file = _file_of(request["op"], Path(request["folder"]))
        reply: tuple[Any, ...]
        try:
            _cpu_budget(request["cpu_s"])
            reply = ("ok", _handle(request))
        except _OutOfTime:
            reply = ("error", "template_timeout", {"file": file, "seconds": f"{request['cpu_s']:g}"})
        except MemoryError:
            reply = ("error", "template_memory", {"file": file, "limit": memory_mb})
        except WorkbenchError as exc:
            reply = ("error", exc.code, _plain_params(exc.params))
        except Exception:
            import traceback

            reply = ("fatal", traceback.format_exc(limit=20))
        finally:
            with contextlib.suppress(_OutOfTime):  # the signal arrived just as the work finished
                _cpu_budget(None)
        try:
            _write_frame(replies, reply)
        except MemoryError:
            _write_frame(replies, ("error", "template_memory", {"file": file, "limit": memory_mb}))
        if reply[0] == "error" and reply[1] == "template_memory":
            return
