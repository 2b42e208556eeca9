"""Plain words for what midcourse finds: the everyday name of each finding and outcome, with the
technical term and its source kept one step away (the web pages, the reports and the CLI's text)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """What a client reads for a finding, and the technical term behind it."""

    plain: str
    explain: str
    technical: str
    source: str


TERMS: dict[str, Term] = {
    "crisis": Term("Words about not wanting to live or hurting yourself",
                   "Something you wrote or rated suggests you may not be safe.",
                   "crisis", "midcourse's safety rule, docs/assessment.md"),
    "crisis_answered": Term("Words you told midcourse you are safe with",
                            "You answered that you are safe; the help below stays here in case that changes.",
                            "crisis statement answered safe", "midcourse's safety rule, docs/assessment.md"),
    "deterioration": Term("Scores got worse, by more than the questionnaire's normal wobble",
                          "The change is bigger than a questionnaire's usual ups and downs.",
                          "reliable deterioration (reliable change index)", "Jacobson & Truax 1991"),
    "relapse": Term("Scores went back up after getting better",
                    "Things had got reliably better, and have now got reliably worse again.",
                    "relapse", "Jacobson & Truax 1991 (reliable change)"),
    "sudden_loss": Term("A big one-week setback",
                        "A large worsening from one session to the next that did not quickly reverse.",
                        "sudden loss", "Tang & DeRubeis 1999"),
    "sudden_gain": Term("A big one-week improvement",
                        "A large improvement from one session to the next that held.",
                        "sudden gain", "Tang & DeRubeis 1999"),
    "reliable_improvement": Term("Scores got better, by more than the questionnaire's normal wobble",
                                 "The change is bigger than a questionnaire's usual ups and downs.",
                                 "reliable improvement (reliable change index)", "Jacobson & Truax 1991"),
    "not_on_track": Term("Slower than usual progress",
                         "Your scores are behind the course most people starting where you started follow.",
                         "not on track (expected treatment response)", "Lambert et al.; Lutz et al."),
    "fit_concern": Term("Signs that this may not be a good fit",
                        "The working relationship never seems to have formed, or something happened in the "
                        "room that is not OK.", "fit concern (working alliance)", "Flückiger et al. 2018"),
    "rupture": Term("A strain with your therapist, not mended yet",
                    "How well you work together dropped and has not come back yet.",
                    "alliance rupture", "Stiles et al. 2004; Eubanks et al. 2018"),
    "repaired_rupture": Term("A strain with your therapist that was mended",
                             "How well you work together dropped and then came back: often a good sign.",
                             "repaired alliance rupture", "Eubanks et al. 2018"),
    "paused": Term("A pause in sessions", "No session was held or planned for a while.",
                   "paused", "midcourse product default"),
    "attendance": Term("Missed, cancelled or late sessions",
                       "More than at the start of therapy.", "attendance (a wall family)",
                       "midcourse product default"),
    "quitting": Term("Thoughts of stopping therapy", "In your ratings or your own words.",
                     "quitting (a wall family)", "midcourse product default; dropout: Swift & Greenberg 2012"),
    "surface": Term("Sessions staying on the surface", "Low depth ratings, or your own words about small talk "
                    "or changing the subject.",
                    "surface (a wall family)", "midcourse product default"),
    "stale": Term("Going round in circles", "Few new insights, or the same things written again.",
                  "stale (a wall family)", "midcourse product default"),
    "irritation": Term("Irritation after sessions", "Feeling irritated after recent sessions, or with your "
                       "therapist.", "irritation (a wall family)", "midcourse product default"),
    "novelty": Term("New things you wrote about", "Sentences that say something you had not written before.",
                    "novelty (semantic similarity)", "midcourse text reader, docs/text.md"),
}

CATEGORIES = {
    "recovered": "better by more than the normal wobble, and now outside the clinical range",
    "improved": "better by more than the normal wobble",
    "unchanged": "within the questionnaire's normal wobble",
    "deteriorated": "worse by more than the normal wobble",
}

# The defense levels of the DMRS, described gently: what the mind is doing, never a verdict.
LEVELS = {
    7: "Ways of coping that face the feeling",
    6: "Keeping a feeling at arm's length by thinking",
    5: "Keeping a feeling out of awareness",
    4: "Protecting how I see myself or others",
    3: "Not quite admitting something",
    2: "Seeing things as all good or all bad",
    1: "Acting instead of feeling",
}


def term(kind: str) -> Term:
    """The words for a finding kind (a kind without its own words is named as it is)."""
    return TERMS.get(kind) or Term(kind.replace("_", " ").capitalize(), "", kind, "")
