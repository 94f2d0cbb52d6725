"""Run a command and measure it: wall time, the peak memory of its process tree and the load
average around it."""

import contextlib
import os
import statistics
import subprocess
import threading
import time
from pathlib import Path

import psutil

SAMPLE_SECONDS = 0.05


def run(cmd: list[str], env: dict, cwd: Path, log: Path) -> dict:
    """One measured run; raises with the log's tail if the command fails."""
    load_before = os.getloadavg()[0]
    with log.open("w") as out:
        start = time.time()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        samples = _sample_tree(proc.pid)
        _, status, usage = os.wait4(proc.pid, 0)  # ru_maxrss: the largest process, in KiB
        end = time.time()
    proc.returncode = os.waitstatus_to_exitcode(status)
    samples.stop()
    if proc.returncode:
        tail = "".join(log.read_text().splitlines(keepends=True)[-30:])
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode} (log {log}):\n{tail}")
    return {
        "seconds": end - start,
        "peak_bytes": max(samples.peak(start, end), usage.ru_maxrss * 1024),
        "load_1min_before": load_before,
        "load_1min_after": os.getloadavg()[0],
    }


class _Sampler(threading.Thread):
    """Sums the resident memory of a process and its descendants every SAMPLE_SECONDS."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.samples: list[tuple[float, int]] = []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            try:
                tree = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                return
            rss = 0
            for proc in tree:
                with contextlib.suppress(psutil.Error):  # ended since the listing
                    rss += proc.memory_info().rss
            self.samples.append((time.time(), rss))
            self.done.wait(SAMPLE_SECONDS)

    def stop(self) -> None:
        self.done.set()
        self.join()

    def peak(self, start: float, end: float) -> int:
        return max((rss for t, rss in self.samples if start <= t <= end), default=0)


def _sample_tree(pid: int) -> _Sampler:
    sampler = _Sampler(pid)
    sampler.start()
    return sampler


def stats(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}
