"""The defense catalogue: Perry's Defense Mechanism Rating Scales, in our own plain words."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Defense:
    """One defense of the DMRS catalogue, with its level (1 = action ... 7 = high-adaptive)."""

    id: str
    level: int
    description: str


LEVEL_NAMES: dict[int, str] = {
    7: "high-adaptive",
    6: "obsessional",
    5: "other neurotic",
    4: "minor image-distorting",
    3: "disavowal",
    2: "major image-distorting",
    1: "action",
}

_CATALOGUE: list[tuple[str, int, str]] = [
    ("affiliation", 7, "Turning to other people for help or company while still owning the problem."),
    ("altruism", 7, "Finding some relief in meeting other people's needs, in a way that also feels good to me."),
    ("anticipation", 7, "Thinking ahead about a hard thing and how I will feel, so it is less of a shock."),
    ("humour", 7, "Seeing what is funny or ironic in a painful situation without hiding the pain."),
    ("self-assertion", 7, "Saying what I think and want directly, without pushing others around."),
    ("self-observation", 7, "Stepping back to notice my own feelings, motives and patterns."),
    ("sublimation", 7, "Putting a difficult feeling into something useful or creative."),
    ("suppression", 7, "Choosing to set a worry aside for now and coming back to it later."),
    ("isolation of affect", 6, "Remembering or describing something painful while feeling little or nothing about it."),
    ("intellectualization", 6, "Talking about a feeling in general or abstract terms instead of feeling it."),
    ("undoing", 6, "Saying or doing something and then quickly taking it back or making up for it."),
    ("repression", 5, "Not being able to recall or explain a feeling, though its traces show."),
    ("dissociation", 5, "Feeling cut off, numb or far away when something becomes too much."),
    ("reaction formation", 5, "Showing the opposite of what I feel, such as being extra nice when angry."),
    ("displacement", 5, "Letting a feeling out on someone or something safer than where it belongs."),
    ("idealization of self", 4, "Seeing myself as special or flawless to escape feeling small."),
    ("idealization of others", 4, "Seeing someone as all-good or perfect to feel safe with them."),
    ("devaluation of self", 4, "Running myself down to get ahead of disappointment or criticism."),
    ("devaluation of others", 4, "Dismissing someone as worthless so that what they think matters less."),
    ("omnipotence", 4, "Acting as if I have special power or need nobody, to avoid feeling helpless."),
    ("denial", 3, "Refusing to admit something that is plainly there, to myself or others."),
    ("rationalization", 3, "Finding good-sounding reasons for what I do, covering the real ones."),
    ("projection", 3, "Seeing in someone else a feeling or wish that is really my own."),
    ("autistic fantasy", 3, "Retreating into daydreams instead of dealing with people or problems."),
    ("splitting of self", 2, "Swinging between seeing myself as all-good and all-bad."),
    ("splitting of others", 2, "Seeing others as all-good or all-bad, with nothing in between."),
    ("projective identification", 2, "Pushing a feeling onto someone and then acting so they end up feeling it."),
    ("acting out", 1, "Acting on an impulse right away so I do not have to feel or think about it."),
    ("help-rejecting complaining", 1, "Asking for help and then turning down each offer of it."),
    ("passive aggression", 1, "Showing anger indirectly: forgetting, being late, or doing things half-way."),
]

CATALOGUE: dict[str, Defense] = {name: Defense(name, level, text) for name, level, text in _CATALOGUE}


def normalize_name(name: str) -> str:
    """Match a defense name case-insensitively, with hyphens, underscores or spaces."""
    key = " ".join(name.strip().lower().replace("_", " ").split())
    if key in CATALOGUE:
        return key
    hyphen = key.replace(" ", "-")
    if hyphen in CATALOGUE:
        return hyphen
    spaced = key.replace("-", " ")
    return spaced if spaced in CATALOGUE else key
