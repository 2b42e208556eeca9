"""Derive the crisis phrases midcourse ships from the Suicide Risk Lexicon (Low et al. 2024, Apache-2.0).

    python scripts/derive_lexicon.py [--lexicon ../shared/data/suicide_risk_lexicon]

(MIDCOURSE_SHARED_DATA names the shared data folder when it is not ../shared/data.)

Reads `suicide_risk_lexicon_v1.0.csv` (per construct: name, definition, source, examples, then
the clinician-validated phrases, then their lemmas) and writes
src/midcourse/data/lexicon/suicide_risk_lexicon.tsv with the surface phrases of the constructs
that speak of suicide or self-injury, each marked with how midcourse may use it:

- `alone`: a first-person statement that means crisis by itself ("kill myself", "wish I was dead");
  it is still subject to the guards (negation, another person, a crisis that is over, idioms).
- `context`: a phrase that is ordinary on its own ("bridge", "blade", "pills", "giving up",
  "can't do this anymore"): it never fires alone; it lets the embedding model fire at its lower
  threshold (docs/text.md).

Which phrases may stand alone is decided below (ALONE), by hand, for precision; every other phrase
is context. The licence and attribution are copied beside the derived file.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "midcourse" / "data" / "lexicon"
SHARED = Path(os.environ.get("MIDCOURSE_SHARED_DATA") or ROOT.parent / "shared" / "data")
CONSTRUCTS = ["Passive suicidal ideation", "Active suicidal ideation & suicidal planning",
              "Lethal means for suicide", "Direct self-injury", "Other suicidal language", "Burdensomeness"]
# Phrases that state a crisis in the first person by themselves. Left out on purpose, among others:
# "killing me", "kill me", "I'm dying", "I'll die", "dying", "on the edge", "giving up", "attempt",
# "cutting", "overdose" (accidental overdoses are common in talk about drugs), "never wake up"
# ("I never wake up on time"), "end it all"'s cousins "want to end it" / "ending it" (a relationship),
# "feel like dying" (a flu), "hit my head", "scars": they are context.
ALONE = {
    "I want to die", "better off dead", "would be better off dead", "cease to exist", "don't really want to live",
    "don't want to be alive", "don't want to wake up", "done with living", "end it all",
    "hoping I wouldn't wake up", "no reason to keep myself alive", "no reason to live", "no will to live",
    "stop living", "think about dying", "tired of living", "want it all to end", "want to be dead",
    "want to die", "why am I still alive", "wish I was dead", "wish I was never born", "wish I wasn't alive",
    "wish I would not wake up", "wish it would all end", "want death",
    "I wrote a suicide note", "attempt suicide", "blow my brains out", "burn myself alive", "commit suicide",
    "cutting my wrists", "drink myself to death", "drown myself", "electrocuting myself", "end my own life",
    "hang myself", "hanging myself", "kill myself", "killing myself", "kms", "knife to my throat",
    "rope around my neck", "self-harm", "set myself on fire", "shoot myself", "shooting myself",
    "slash my wrist", "slashing my wrists", "slit my wrist", "slitting my wrists", "stab my self",
    "stabbing my self", "stabbing myself", "suicidal behavior", "suicidal intent", "suicide attempt",
    "suicide note", "take my own life", "taking all the pills", "tried to OD", "setting myself on fire",
    "slice my wrist", "slit my wrists", "suicide bag",
    "NSSI", "bit myself", "biting myself", "burn myself", "carve my skin", "choking myself", "cut myself",
    "harm myself", "harmed myself", "hit myself", "hurt myself", "mutilate my", "punch myself", "self harm",
    "self injury", "self-injurious", "self-injury", "urge to cut", "wound myself",
    "I deserve to die", "I should die", "begging to die", "ending my life", "let me die", "life isn't worth living",
    "no point in living", "nothing left to live for", "nothing to live for", "ready to die", "suicidal",
    "suicidal tendencies", "suicidal thoughts", "suicidality", "suicide", "what's the point of living",
    "wish I'd never been born", "won't matter if I die", "I'm not safe", "done with my life", "done with this life",
    "sorry for existing", "better off without me", "be better without me",
}


def surface_phrases(column: list[str]) -> list[str]:
    """The phrases of one construct's column, without its four heading rows and its lemmas."""
    values = [v for v in column if v][4:]
    first = values[0]
    end = values.index(first, 1) if first in values[1:] else len(values) // 2
    return values[:end]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lexicon", type=Path, default=SHARED / "suicide_risk_lexicon")
    args = parser.parse_args()
    with (args.lexicon / "suicide_risk_lexicon_v1.0.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    out: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for construct in CONSTRUCTS:
        for phrase in surface_phrases([r.get(construct) or "" for r in rows]):
            key = phrase.lower()
            if key in seen:
                continue
            seen.add(key)
            out.append((construct, phrase, "alone" if phrase in ALONE else "context"))
    unknown = ALONE - {p for _, p, _ in out}
    assert not unknown, f"ALONE names phrases the lexicon does not have: {sorted(unknown)}"
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "suicide_risk_lexicon.tsv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["construct", "phrase", "use"])
        writer.writerows(out)
    shutil.copyfile(args.lexicon / "LICENSE", OUT / "LICENSE")
    alone = sum(u == "alone" for _, _, u in out)
    print(f"wrote {OUT / 'suicide_risk_lexicon.tsv'}: {len(out)} phrases ({alone} alone, {len(out) - alone} context)")


if __name__ == "__main__":
    main()
