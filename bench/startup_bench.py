"""Start-up benchmark: the real desktop app launched as a user launches it, beside a minimal
PySide6 window in the same run, and the CLI's wall clock.

    xvfb-run -a python bench/startup_bench.py                      # this source tree
    xvfb-run -a python bench/startup_bench.py --before /work/main  # also another tree ("before")

Measured, each ``--runs`` times, interleaved (minimal window, each tree's app, each tree's CLI):

- **window**: process start (just before ``Popen``) to the first top-level window mapped on the
  X server (a ``MapNotify`` on the root window, read with libX11 through ctypes), for
  ``python -m workbench --home H`` and for a minimal ``QMainWindow``;
- **peak RSS** of the app process (``VmHWM``) ``--settle`` seconds after its window appeared, when
  the workspace has opened in the background;
- **CLI**: wall clock of ``python -m workbench --help`` and of a search command
  (``search``: process start to the first answer printed).

Byte code is compiled first (as ``pip install`` does), so no run pays for compiling the
sources. The data folder is prepared once (demo knowledge base loaded, search index built) so every run is
a regular start, not a first start. Qt's settings go to a temporary XDG_CONFIG_HOME.
Prints a table and writes JSON (bench/results/startup.json by default)."""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

MINIMAL = (
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication([])\n"
    "w = QMainWindow()\n"
    "w.setWindowTitle('minimal')\n"
    "w.resize(1200, 800)\n"
    "w.show()\n"
    "app.exec()\n"
)

MAP_NOTIFY = 19
SUBSTRUCTURE_NOTIFY_MASK = 1 << 19


class _MapEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("event", ctypes.c_ulong),
        ("window", ctypes.c_ulong),
        ("override_redirect", ctypes.c_int),
    ]


class _XEvent(ctypes.Union):
    _fields_ = [("type", ctypes.c_int), ("xmap", _MapEvent), ("pad", ctypes.c_long * 24)]


class MapWatcher:
    """Top-level windows mapped on the X server of $DISPLAY, as they happen."""

    def __init__(self) -> None:
        self.x11 = ctypes.cdll.LoadLibrary("libX11.so.6")
        self.x11.XOpenDisplay.restype = ctypes.c_void_p
        self.x11.XDefaultRootWindow.restype = ctypes.c_ulong
        self.x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        self.x11.XSelectInput.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_long]
        self.x11.XPending.argtypes = [ctypes.c_void_p]
        self.x11.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.POINTER(_XEvent)]
        self.x11.XConnectionNumber.argtypes = [ctypes.c_void_p]
        self.x11.XFlush.argtypes = [ctypes.c_void_p]
        self.dpy = self.x11.XOpenDisplay(None)
        if not self.dpy:
            raise SystemExit("no X display: run under xvfb-run -a")
        root = self.x11.XDefaultRootWindow(self.dpy)
        self.x11.XSelectInput(self.dpy, root, SUBSTRUCTURE_NOTIFY_MASK)
        self.x11.XFlush(self.dpy)
        self.fd = self.x11.XConnectionNumber(self.dpy)

    def drain(self) -> None:
        event = _XEvent()
        while self.x11.XPending(self.dpy):
            self.x11.XNextEvent(self.dpy, ctypes.byref(event))

    def wait_mapped(self, proc: subprocess.Popen[bytes], timeout: float) -> float | None:
        """perf_counter() when a top-level (not override-redirect) window was mapped; None
        when the process ended or the time ran out first."""
        event = _XEvent()
        deadline = time.perf_counter() + timeout
        while True:
            while self.x11.XPending(self.dpy):
                self.x11.XNextEvent(self.dpy, ctypes.byref(event))
                if event.type == MAP_NOTIFY and not event.xmap.override_redirect:
                    return time.perf_counter()
            left = deadline - time.perf_counter()
            if left <= 0 or proc.poll() is not None:
                return None
            select.select([self.fd], [], [], min(left, 0.2))


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _env(tree: Path | None, config: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)  # the real X server (Xvfb), not offscreen
    # as installed: byte code cached (pip compiles it at install), not compiled at every start
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["XDG_CONFIG_HOME"] = str(config)
    if tree is not None:  # and the processes run in it: ``-m`` puts the working folder first
        env["PYTHONPATH"] = str(tree)
    return env


def window_run(watcher: MapWatcher, argv: list[str], env: dict[str, str], settle: float,
               cwd: Path | None = None) -> tuple[float, float]:
    """Seconds from process start to its window mapped, and its peak RSS in MB after ``settle``."""
    watcher.drain()
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        mapped = watcher.wait_mapped(proc, timeout=60)
        if mapped is None:
            err = proc.stderr.read().decode(errors="replace") if proc.poll() is not None and proc.stderr else ""
            raise SystemExit(f"no window from {argv}: {err[-2000:]}")
        time.sleep(settle)
        rss = _peak_rss_mb(proc.pid)
        return mapped - t0, rss
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wall(argv: list[str], env: dict[str, str], cwd: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run(argv, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def prepare_home(tree: Path, home: Path, config: Path) -> None:
    """A data folder as after the first start: demo loaded, search index built; the tree's
    byte code compiled, as an installed app's is."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "workbench")], check=True)
    subprocess.run([sys.executable, "-m", "workbench", "--home", str(home), "search", "云"],
                   env=_env(tree, config), cwd=tree, check=True, stdout=subprocess.DEVNULL)


def summary(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--settle", type=float, default=3.0, help="seconds after the window before reading peak RSS")
    ap.add_argument("--before", type=Path, help="another source tree measured in the same run")
    ap.add_argument("--query", default="等保三级")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "startup.json")
    args = ap.parse_args()

    trees: dict[str, Path] = {}
    if args.before is not None:
        trees["before"] = args.before.resolve()
    trees["after"] = ROOT
    watcher = MapWatcher()
    results: dict[str, dict[str, list[float]]] = {"minimal": {"window_s": [], "rss_mb": []}}
    with tempfile.TemporaryDirectory(prefix="startup-bench-") as tmp:
        config = Path(tmp) / "config"
        homes = {}
        for name, tree in trees.items():
            homes[name] = Path(tmp) / f"home-{name}"
            prepare_home(tree, homes[name], config)
            results[name] = {"window_s": [], "rss_mb": [], "help_s": [], "search_s": []}
        for run in range(args.runs):
            window_s, rss = window_run(watcher, [sys.executable, "-c", MINIMAL], _env(None, config), 0.5)
            results["minimal"]["window_s"].append(window_s)
            results["minimal"]["rss_mb"].append(rss)
            for name, tree in trees.items():
                env = _env(tree, config)
                app = [sys.executable, "-m", "workbench", "--home", str(homes[name])]
                window_s, rss = window_run(watcher, app, env, args.settle, cwd=tree)
                r = results[name]
                r["window_s"].append(window_s)
                r["rss_mb"].append(rss)
                r["help_s"].append(wall([sys.executable, "-m", "workbench", "--help"], env, tree))
                r["search_s"].append(wall([*app, "search", args.query], env, tree))
            print(f"run {run + 1}/{args.runs} done", file=sys.stderr)

    base = statistics.median(results["minimal"]["window_s"])
    table = {name: {key: summary(vals) for key, vals in r.items()} for name, r in results.items()}
    lines = [f"minimal PySide6 window: {base:.2f} s (median of {args.runs}), peak RSS "
             f"{statistics.median(results['minimal']['rss_mb']):.0f} MB",
             "| tree | window shown (s) | × minimal | peak RSS (MB) | `--help` (s) | first search answer (s) |",
             "|---|---|---|---|---|---|"]
    for name in trees:
        t = table[name]
        lines.append(
            f"| {name} | {t['window_s']['median']:.2f} ({t['window_s']['min']:.2f}–{t['window_s']['max']:.2f}) "
            f"| {t['window_s']['median'] / base:.1f}× | {t['rss_mb']['median']:.0f} "
            f"| {t['help_s']['median']:.2f} | {t['search_s']['median']:.2f} |")
    print("\n".join(lines))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"runs": args.runs, "raw": results, "summary": table,
                                    "cpus": os.cpu_count(), "load": os.getloadavg()}, indent=2))


if __name__ == "__main__":
    main()
