"""Wall time and peak memory of a command, each run in a fresh child process."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from dataclasses import dataclass

# Runs the command as a grandchild so RUSAGE_CHILDREN sees only it.
_PROBE = """
import json, resource, subprocess, sys, time
t = time.perf_counter()
p = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"wall": wall, "rss_kib": rss, "code": p.returncode, "out": p.stdout,
                  "err": p.stderr[-2000:]}))
"""


@dataclass
class Run:
    wall_s: float
    rss_mib: float
    stdout: str


def run_once(cmd: list[str], env: dict[str, str] | None = None) -> Run:
    full_env = os.environ | {"QT_QPA_PLATFORM": "offscreen"} | (env or {})
    probe = subprocess.run(
        [sys.executable, "-c", _PROBE, *cmd],
        capture_output=True,
        text=True,
        env=full_env,
        check=True,
    )
    data = json.loads(probe.stdout)
    if data["code"] != 0:
        raise RuntimeError(f"{cmd} exited {data['code']}: {data['err']}")
    return Run(data["wall"], data["rss_kib"] / 1024, data["out"])


def median_run(cmd: list[str], repeats: int, env: dict[str, str] | None = None) -> Run:
    runs = [run_once(cmd, env) for _ in range(repeats)]
    return Run(
        statistics.median(r.wall_s for r in runs),
        statistics.median(r.rss_mib for r in runs),
        runs[-1].stdout,
    )


def paired_medians(
    baseline: list[str], subject: list[str], repeats: int, env: dict[str, str] | None = None
) -> tuple[Run, Run]:
    """Median runs of both commands, run in turns so a busy machine slows both alike."""
    pairs = [(run_once(baseline, env), run_once(subject, env)) for _ in range(repeats)]
    medians = []
    for side in (0, 1):
        runs = [pair[side] for pair in pairs]
        medians.append(
            Run(
                statistics.median(r.wall_s for r in runs),
                statistics.median(r.rss_mib for r in runs),
                runs[-1].stdout,
            )
        )
    return medians[0], medians[1]
