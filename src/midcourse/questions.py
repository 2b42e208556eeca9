"""The check-in's questions, in the project's own words: one wording for the CLI, the web form and the docs."""

from __future__ import annotations

from midcourse.instruments import ITEM_ANSWERS

# Each 0-10 rating is a statement the client rates (0: not at all, 10: completely).
SCALE_QUESTIONS = {
    "bond": "I felt understood and respected", "goals": "We worked on what I want",
    "tasks": "The way we work fits me", "depth": "We talked about what really matters",
    "insight": "I learned something about myself", "quit": "I'm thinking about stopping therapy",
}
# Asked directly, as outcome systems do (PHQ-9 item 9, the OQ-45's critical items); answered 0-3.
SAFETY_QUESTION = ("Since the last session, how often have you had thoughts that you would be better off dead, "
                   "or of hurting yourself?")
SAFETY_ANSWERS = ITEM_ANSWERS  # not at all, some days, more than half the days, nearly every day
# The 0-3 answers numbered, as a prompt offers them (the same for the PHQ-9's items).
ANSWER_CHOICES = ", ".join(f"{n} {words}" for n, words in enumerate(SAFETY_ANSWERS))
