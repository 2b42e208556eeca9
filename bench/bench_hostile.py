"""Hostile inputs of issue 16, timed: each must be refused or read quickly, never hang or blow up.

Figures for docs/security.md: `python -m bench.bench_hostile`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BOMB = ("---\ntags: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        + "".join(f"l{i}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)) + "---\nBoom.\n")


def run(args: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "midcourse", *args], env=env, capture_output=True, text=True,
                          check=False, timeout=600)
    return time.perf_counter() - t0, done


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        env = os.environ | {"MIDCOURSE_DATA_DIR": str(base / "data"), "MIDCOURSE_CACHE": str(base / "cache"),
                            "MIDCOURSE_CONFIG_DIR": str(base / "config")}
        vault = base / "vault"
        (vault / "Daily").mkdir(parents=True)
        (vault / "Daily" / "2026-03-01.md").write_text("An ordinary day.\n")
        (vault / "Daily" / "2026-03-02.md").write_text(BOMB)
        took, done = run(["--db", str(base / "bomb.db"), "import", str(vault)], env)
        size = (base / "bomb.db").stat().st_size
        print(f"vault import with an alias bomb in tags (9^9 values once expanded): {took:.2f} s, exit {done.returncode}, "
              f"database {size / 1024:.0f} KiB ({len(BOMB.encode())} bytes of front matter)")

        (vault / "Daily" / "2026-03-02.md").unlink()
        (vault / "Daily" / "2026-03-03.md").write_text("[[" * 40_000)
        os.mkfifo(vault / "Daily" / "2026-03-04.md")
        (vault / "Daily" / "2026-03-05.md").symlink_to("/dev/zero")
        took, done = run(["--db", str(base / "brackets.db"), "import", str(vault)], env)
        print(f"vault import with '[[' x 40,000, a FIFO and a link to /dev/zero: {took:.2f} s, exit {done.returncode}, "
              f"{done.stderr.count('warning:')} warnings")

        record = base / "digits.json"
        record.write_text('{"format": "midcourse/1", "sessions": [{"date": "2026-01-05", "status": "attended", '
                          '"measures": {"PHQ-9": ' + "9" * 5000 + '}}]}')
        took, done = run(["--db", str(base / "digits.db"), "import", str(record)], env)
        print(f"import of a JSON record with a 5,000-digit score: {took:.2f} s, exit {done.returncode}: "
              f"{done.stderr.strip().splitlines()[-1]}")
        nested = base / "nested.json"
        nested.write_text("[" * 50_000 + "]" * 50_000)
        took, done = run(["--db", str(base / "nested.db"), "import", str(nested)], env)
        print(f"import of JSON nested 50,000 deep: {took:.2f} s, exit {done.returncode}: "
              f"{done.stderr.strip().splitlines()[-1]}")

        lines = base / "big.jsonl"
        lines.write_text(json.dumps({"id": 1, "text": "word " * 2_000_000}) + "\n"
                         + json.dumps({"id": 2, "text": "I keep thinking about quitting therapy."}) + "\n")
        took, done = run(["text", "signals", "--rules-only", str(lines)], env)
        answers = [json.loads(line) for line in done.stdout.splitlines()]
        print(f"text signals --rules-only, a 10 MB text and a short one: {took:.2f} s, exit {done.returncode}, "
              f"line 1: {answers[0].get('error', 'answered')}; line 2: {answers[1].get('signals')}")

        from midcourse.crypto import new_settings

        t0 = time.perf_counter()
        new_settings("correct horse battery")
        print(f"deriving the key from a passphrase (scrypt N=2^15, r=8, p=1): {time.perf_counter() - t0:.2f} s")


if __name__ == "__main__":
    main()
