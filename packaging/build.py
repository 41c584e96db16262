"""Build the one-folder app with PyInstaller, then smoke-test the frozen binary."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    dist = ROOT / "dist"
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--distpath", str(dist),
         "--workpath", str(ROOT / "build"), str(ROOT / "packaging" / "needleplan.spec")],
        check=True,
    )
    binary = dist / "needleplan" / "needleplan"
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'smoke.sqlite'}"
        env = os.environ | {"QT_QPA_PLATFORM": "offscreen"}
        sample = ROOT / "resources" / "samples" / "sample-case.json"
        pdf = str(Path(tmp) / "handout.pdf")
        for argv in (["--version"], ["--database-url", url, "import", str(sample)],
                     ["--database-url", url, "search", "a"],
                     ["review", str(sample), "--json"],
                     ["handout", str(sample), "-o", pdf, "--date", "2026-11-24"],
                     ["--database-url", url, "--exit-after-startup"]):
            result = subprocess.run([str(binary), *argv], env=env, capture_output=True, text=True)
            print(f"smoke {' '.join(argv)} -> {result.returncode} {result.stdout.strip()[:80]}")
            if result.returncode != 0:
                print(result.stderr, file=sys.stderr)
                return 1
    size = sum(f.stat().st_size for f in (dist / "needleplan").rglob("*") if f.is_file())
    print(f"built {binary} ({size / 1e6:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
