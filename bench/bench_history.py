"""`analyze --each-session` over 600 simulated records of about 20 sessions: the state at every session date.

In process with the rule-based reader, and as the command a researcher runs (the default reader:
embeddings where installed), cold and then warm (the embedding cache filled by the first run).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.simulate import Simulator
from midcourse.history import history
from midcourse.text.reader import LexicalReader


def main(clients: int = 600) -> None:
    cohort = Simulator(seed=5).cohort(clients)
    sessions = sum(len(c.truth) for c in cohort)
    t0 = time.perf_counter()
    points = sum(1 for c in cohort for _ in history(c.record, reader=LexicalReader()))
    print(f"history(): {clients} records, {sessions} sessions, {points} assessments, rule-based reader, in "
          f"process: {time.perf_counter() - t0:.1f} s")
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for c in cohort:
            path = Path(tmp) / f"{c.id}.json"
            path.write_text(json.dumps(c.record.to_dict()), encoding="utf-8")
            files.append(str(path))
        command = [str(Path(sys.executable).parent / "midcourse"), "analyze", *files, "--each-session", "--json"]
        env = {"MIDCOURSE_CACHE": str(Path(tmp) / "cache"), "PATH": "/usr/bin:/bin"}
        for label in ("cold", "warm"):
            t0 = time.perf_counter()
            run = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
            lines = run.stdout.count("\n")
            print(f"midcourse analyze {clients} files --each-session --json ({label} cache): {lines} lines in "
                  f"{time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
