"""Crisis resources by locale: what to show first when someone may be in danger."""

from __future__ import annotations

EMERGENCY_FIRST = ("If you might act on thoughts of ending your life or harming yourself, or you are in "
                   "danger now, call your local emergency number or go to the nearest emergency department.")

RESOURCES: dict[str, list[str]] = {
    "international": [
        EMERGENCY_FIRST,
        "Emergency numbers: 112 (EU and many other countries), 911 (US, Canada), 999 (UK), "
        "000 (Australia), 111 (New Zealand).",
        "Find a free, confidential crisis line in your country at findahelpline.com.",
    ],
    "US": [EMERGENCY_FIRST, "Call or text 988 (988 Suicide & Crisis Lifeline), any time.",
           "Text HOME to 741741 (Crisis Text Line)."],
    "CA": [EMERGENCY_FIRST, "Call or text 9-8-8 (Suicide Crisis Helpline), any time."],
    "UK": [EMERGENCY_FIRST, "Call 999 in an emergency; call Samaritans on 116 123, free, any time.",
           "Text SHOUT to 85258."],
    "IE": [EMERGENCY_FIRST, "Call 112 or 999 in an emergency; call Samaritans on 116 123, free, any time.",
           "Text HELLO to 50808."],
    "AU": [EMERGENCY_FIRST, "Call 000 in an emergency; call Lifeline on 13 11 14, any time."],
    "NZ": [EMERGENCY_FIRST, "Call 111 in an emergency; call or text 1737, any time."],
    "EU": [EMERGENCY_FIRST, "Call 112 in an emergency; 116 123 reaches emotional support lines in many "
                            "EU countries."],
}


LOCALES = list(RESOURCES)


def crisis_resources(locale: str) -> list[str]:
    """The resources for a locale (country code), falling back to the international list."""
    return RESOURCES.get(locale.upper() if locale.lower() != "international" else "international",
                         RESOURCES["international"])
