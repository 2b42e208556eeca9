"""Statements in a client's words, found by rules with their evidence span (English).

Each kind has patterns that show it and guards that rule a match out: a negation just before
it, a subject other than the client, a target other than therapy ("quit smoking"), an idiom
("this workout is killing me"), or a crisis that is clearly in the past. Crisis rules favour
recall: a missed crisis statement is the worst error this product can make.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from midcourse.text import Signal

KINDS = ("quitting", "surface", "stale", "irritation", "fit_conduct", "crisis", "insight")

_F = re.IGNORECASE
THERAPY = r"(?:therapy|therapist|counsell?ing|counsell?or|sessions?|appointments?|treatment|psychologist|" \
          r"psychiatrist|shrink)"
OTHERS = r"(?:he|she|they|my (?:friend|sister|brother|mom|mum|mother|dad|father|partner|husband|wife|" \
         r"boyfriend|girlfriend|colleague|coworker|cousin|aunt|uncle|son|daughter|roommate|flatmate)|" \
         r"(?:a|one of my) (?:friend|colleague|coworker)s?|[A-Z][a-z]+)"
NEGATION = re.compile(r"(?:\bnot|n't|\bnever|\bno|\bnothing|\bwithout|\bhardly|\bstopped)\W+(?:\w+\W+){0,2}$", _F)


@dataclass(frozen=True)
class Rule:
    kind: str
    pattern: re.Pattern[str]
    negatable: bool = True


def _rule(kind: str, pattern: str, negatable: bool = True) -> Rule:
    return Rule(kind, re.compile(pattern, _F), negatable)


STOP = r"(?:quit|quitting|stop|stopping|end|ending|leave|leaving|drop(?:ping)? out of|give up(?: on)?|" \
       r"giving up(?: on)?|take a break from|taking a break from|pause|pausing|cancel|cancell?ing|skip|" \
       r"skipping|miss|missing|bail on|bailing on|done with|finish(?:ing)? with)"
NOT_THERAPY = re.compile(
    r"^\W*(?:my |the |a |this |that )?(?:job|work|smoking|cigarettes|drinking|alcohol|caffeine|coffee|sugar|gym|"
    r"team|class|course|band|diet|medication|meds|habit|vaping|game|school|university|relationship|"
    r"him|her|them|it|lunch|dinner|breakfast|bus|train|flight|deadline|meeting|call|party)\b", _F)

RULES: list[Rule] = [
    # quitting: wanting to stop, skip, cancel or pause therapy, or doubting it is worth it
    _rule("quitting", rf"\b{STOP}\b\W+(?:\w+\W+){{0,3}}?{THERAPY}\b"),
    _rule("quitting", r"\b(?:thinking|thought|think|considering|consider|tempted|want(?:ed)?|"
                      r"wanting|urge|feel like|ready|tempting|idea of)\b\W+(?:\w+\W+){0,2}?"
                      r"(?:about |of |to )?(?:quit(?:ting)?|stop(?:ping)?|leav(?:e|ing)|giv(?:e|ing) up|"
                      r"tak(?:e|ing) a break|cancel(?:l?ing)?|skip(?:ping)?|not go(?:ing)? back|"
                      r"never go(?:ing)? back)\b(?![ \w]*\b(?:smoking|drinking|my job|job|work|vaping|"
                      r"caffeine|sugar|gym|meds|medication)\b)"),
    _rule("quitting", r"\b(?:(?:not sure|unsure|don't know|doubt|wonder(?:ing)?|question(?:ing)?)\W+"
                      r"(?:if |whether |that )?(?:this|therapy|it|the sessions?|going)\W+(?:is |are |it's |is even |"
                      r"are even )?(?:worth|help(?:s|ing)?|working|doing anything|the money|any use))"),
    _rule("quitting", rf"\b(?:what's|what is|no|is there any|see (?:the|no)) point (?:of|in) "
                      rf"(?:\w+ ){{0,2}}(?:{THERAPY}|going|continuing|this)\b"),
    _rule("quitting", rf"\b(?:(?:is|isn't|not) (?:\w+ )?(?:worth it|helping|working)|waste of "
                      rf"(?:time|money))\b(?=.*\b(?:{THERAPY}|this|it)\b)|\b{THERAPY}\b[^.]{{0,40}}"
                      rf"\b(?:waste of (?:time|money)|(?:isn't|not|doesn't seem|is not) (?:really )?"
                      rf"(?:worth it|helping|working))"),
    _rule("quitting", r"\bdon't want to go (?:back|anymore|tomorrow|this week)\b|\bdreading (?:going|"
                      r"my session|the session|therapy)\b|\bcalled in sick to (?:therapy|my session)\b"),
    # surface: small talk, changing the subject, avoiding a topic in session
    _rule("surface", r"\bsmall[- ]talk\b|\bchit[- ]?chat\b|\bchang(?:e|ed|ing) the (?:subject|topic)\b|"
                     r"\bavoid(?:ed|ing|s)? (?:the |that |this |any |talking|bringing|going|my |her |his )"
                     r"(?:\w+ ){0,3}?(?:topic|subject|about|up|into|feelings?|issue|stuff|thing)\b|"
                     r"\b(?:stay(?:ed|ing)?|kept it|keep it|kept things|keeping things|kept to|stick(?:ing)? to)"
                     r" (?:on the surface|light|superficial|surface[- ]level|safe topics?|easy topics?)\b|"
                     r"\bsurface[- ]level\b|\bsuperficial\b|\bskirt(?:ed|ing)? (?:a)?round\b|\bdodg(?:e|ed|ing)\b|"
                     r"\bdeflect(?:ed|ing)?\b|\bsteer(?:ed|ing)? (?:away|clear|the conversation)\b|"
                     r"\btalk(?:ed|ing)? about (?:the weather|nothing|nothing important|nothing real|"
                     r"random stuff|trivial)\b|\b(?:filled|fill|filling) the (?:time|hour|session)\b|"
                     r"\bdidn't (?:want to )?(?:go|get) (?:into|there|deeper)\b|\bwouldn't go there\b|"
                     r"\bchanged topics?\b|\bbrushed (?:it|the question) (?:off|aside)\b", negatable=True),
    # stale: going in circles, the same things over and over, nothing new, stuck in therapy
    _rule("stale", r"\b(?:go|goes|going|went|run|running|ran|talk(?:ing)?|talked) (?:a)?round in circles\b|"
                   r"\b(?:same (?:old )?(?:things?|stuff|topics?|stories|story|issues?|conversations?|"
                   r"complaints?|ground|loop))\b|\bover and over\b|\bagain and again\b|\bnothing new\b|"
                   r"\b(?:not getting|getting) nowhere\b|\bnot getting anywhere\b|\bgoing nowhere\b|"
                   r"\btread(?:ing)? water\b|\bno (?:real )?progress\b|\bnot (?:making|seeing) (?:any )?progress\b|"
                   r"\brehash(?:ed|ing)?\b|\brepeat(?:ing)? (?:myself|the same)\b|\bbroken record\b|"
                   r"\bgroundhog day\b|\bplateau(?:ed)?\b|\b(?:well|insight)s? (?:has |have )?dried up\b|"
                   r"\bnothing (?:left )?to (?:say|talk about)\b|\bran out of things to say\b|"
                   r"\b(?:feel|feeling|felt|am|I'm|we're|we are|got|getting) (?:so |really |kind of |a bit )?"
                   r"stuck\b(?! (?:in|on) (?:traffic|a train|the train|the lift|the elevator|line|a queue|"
                   r"the queue|a meeting|the snow|the mud|work))|\bstuck (?:in|with) (?:therapy|the same|"
                   r"this)\b|\bsame place\b|\bspinning (?:my|our) wheels\b|\bdeja vu\b|\bdéjà vu\b"),
    # irritation with the therapist or the sessions (feeling judged or attacked included)
    _rule("irritation", r"\bfelt (?:so |really |very |a bit |kind of )?(?:judged|attacked|critici[sz]ed|"
                        r"lectured|patroni[sz]ed|cornered|pushed|blamed|ambushed|picked on|talked down to)\b|"
                        r"\b(?:feel|feeling|I'm|am) (?:so |really |very |a bit |kind of )?(?:judged|attacked|"
                        r"criticised|criticized|lectured|patronised|patronized|cornered|picked on)\b"),
    # Anger words name the therapy or therapist explicitly: "angry at him" is as often about a parent.
    _rule("irritation", r"\b(?:annoyed|irritated|angry|mad|furious|frustrated|pissed(?: off)?|fed up|"
                        r"resent(?:ful|ed)?|hate|hated|can't stand|couldn't stand|dislike|disliked|"
                        r"don't (?:really )?like|didn't (?:really )?like|sick of|tired of|bugs me|bugged me|"
                        r"gets on my nerves|got on my nerves|rubbed me the wrong way|irritat(?:es|ing)|"
                        r"annoy(?:s|ing)|condescending|smug|preachy|cold|robotic)\b[^.!?]{0,60}?"
                        r"\b(?:(?:my |the )?(?:therapist|counsell?or|psychologist|shrink)|"
                        r"(?:the |these |our |my )?sessions?|therapy)\b"),
    # Dislike and irritation words may point at the therapist by pronoun alone.
    _rule("irritation", r"\b(?:annoyed|irritated|pissed off|resent(?:ful)?|can't stand|couldn't stand|"
                        r"dislike|don't (?:really )?like|didn't (?:really )?like|sick of|fed up with|"
                        r"tired of)\b (?:with |at |of )?(?:her|him)\b|\b(?:she|he) (?:is|was|seems|seemed) "
                        r"(?:so |really |a bit )?(?:condescending|smug|preachy|cold|robotic|patroni[sz]ing|"
                        r"arrogant|annoying|irritating)\b"),
    _rule("irritation", r"\b(?:(?:my |the )?(?:therapist|counsell?or|psychologist|shrink)|she|he|sessions?|"
                        r"therapy)\b[^.!?]{0,40}?\b(?:annoy(?:s|ed|ing)?|irritat(?:es|ed|ing)|gets on my nerves|"
                        r"got on my nerves|is (?:so )?(?:condescending|smug|preachy|cold|annoying)|"
                        r"(?:is|was) (?:so )?(?:irritating|infuriating|frustrating))\b"),
    _rule("irritation", r"\b(?:left|leaving|came out of|walked out of|came home from) (?:the |my |today's |"
                        r"this week's )?(?:session|therapy|appointment)\b[^.!?]{0,30}?\b(?:angry|irritated|"
                        r"annoyed|furious|mad|frustrated|upset|fuming)\b"),
    # fit_conduct: concrete therapist conduct that fits no defense
    _rule("fit_conduct", rf"\b(?:{THERAPY}|she|he|they)\b[^.!?]{{0,50}}?\b(?:told|tells|shared|"
                         r"repeated|mentioned|discussed|posted)\b[^.!?]{0,40}?\b(?:what I (?:said|told|shared)|"
                         r"my (?:secrets?|story|private|personal)|about (?:me|my sessions?|my case)|"
                         r"(?:to|with) (?:my|her|his|their) (?:\w+ )?(?:husband|wife|partner|friends?|mum|mom|"
                         r"mother|boss|family|kids|colleagues?|employer))\b", negatable=False),
    _rule("fit_conduct", r"\b(?:broke|breaking|broken|breached?) (?:my )?confidentiality\b|"
                         r"\bconfidentiality (?:was )?(?:broken|breached)\b|"
                         r"\b(?:asked me out|hit on me|flirt(?:ed|ing|s) with me|made a pass at me|"
                         r"asked me (?:on|for) a date|wanted to date me|invited me (?:to|for) (?:dinner|drinks|"
                         r"a drink|coffee|his place|her place)|(?:kissed|groped|caressed) me|"
                         r"touch(?:ed|es|ing) (?:me|my (?:leg|knee|thigh|hair|face|hand)) "
                         r"(?:without|even though|when|and)|sexual comments?|comments? about my body|"
                         r"(?:sent|sends|texted|texts) me (?:late at night|at night|personal|flirty))\b",
          negatable=False),
    _rule("fit_conduct", r"\b(?:she|he|they|(?:my |the )?therapist|(?:my |the )?counsell?or)\b[^.!?]{0,30}?\b"
                         r"(?:(?:was|were|is|kept|keeps) (?:on|checking|looking at|scrolling|texting on) "
                         r"(?:her|his|their) phone|(?:checked|checks|looked at|answered|took) (?:her|his|their|"
                         r"a) (?:phone|call|texts?|messages|emails?)|(?:was|is|seemed|seems) (?:totally |"
                         r"completely |so )?(?:distracted|checked out|somewhere else|not listening)|"
                         r"(?:fell|falls|was falling) asleep|kept yawning|(?:was|is) (?:typing|on (?:her|his) "
                         r"laptop)|talk(?:ed|s|ing)? (?:mostly |the whole time |all session |only |constantly )?"
                         r"about (?:herself|himself|themselves|(?:her|his|their) own (?:life|problems|"
                         r"divorce|kids|family|holiday|vacation))|(?:push(?:ed|es|ing)?|press(?:ed|es|ing)?|"
                         r"preach(?:ed|es|ing)?|impos(?:ed|es|ing)|lectur(?:ed|es|ing) me (?:on|about)) "
                         r"(?:her|his|their)? ?(?:own )?(?:religion|religious|beliefs?|faith|politics|"
                         r"political|views|opinions|church|god|values)|(?:told|tells) me to pray|"
                         r"(?:laughed|laughs|smirked) at me|mock(?:ed|s|ing)? me|made fun of me|"
                         r"rolled (?:her|his|their) eyes|(?:dismissed|dismisses|brushed off|waved off|"
                         r"belittled|minimi[sz]ed) (?:me|my|what I)|called me (?:stupid|dramatic|crazy|lazy|"
                         r"an idiot|pathetic|attention[- ]seeking)|(?:forgot|forgets|forgotten|didn't remember|"
                         r"doesn't remember|can't remember|mixed up|confused) (?:my|what I|that I|who|"
                         r"(?:my|the) (?:\w+ )?(?:name|story|history|details))|(?:keeps|kept) forgetting)",
          negatable=False),
    # crisis: suicidal thoughts, self-harm, not wanting to live, plans or preparations
    _rule("crisis", r"\b(?:kill(?:ing)? myself|end(?:ing)? (?:my life|it all|things|everything|my own life)|"
                    r"take my (?:own )?life|taking my (?:own )?life|suicid(?:e|al)|"
                    r"(?:don't|do not|didn't) want to (?:be alive|live|exist|be here anymore|be here|"
                    r"wake up|go on|be around)|(?:wish|wished|wishing) I (?:was|were|could be) dead|"
                    r"(?:wish|wished|wishing|hope|hoping) I (?:would(?:n't)?|could|don't|didn't|won't) "
                    r"(?:just )?(?:wake up|die|disappear|not wake up)|(?:not|never) (?:to )?wake up|"
                    r"(?:better off|be better) (?:dead|without me|if I (?:was|were) gone|if I wasn't here)|"
                    r"no (?:reason|point) (?:to|in) (?:live|living|go on|going on|being alive)|"
                    r"self[- ]?harm(?:ing)?|(?:cut|cutting|burn|burning|hurt|hurting|harm|harming) myself|"
                    r"overdos(?:e|ing)|(?:saving|saved|stockpil(?:e|ed|ing)|hoard(?:ed|ing)) (?:up )?"
                    r"(?:my )?(?:pills|tablets|meds|medication)|(?:hang|hanging|drown|drowning|shoot|shooting) "
                    r"myself|(?:suicide|goodbye) (?:note|letter)|giv(?:e|ing|en) away my (?:things|stuff|"
                    r"belongings)|can't (?:go on|do this anymore|keep going)|(?:want|wanted) to die|"
                    r"(?:want|wanted|wanting) (?:it|everything) to (?:end|stop) (?:for good|forever|permanently)|"
                    r"not (?:be|being) (?:here|around) anymore|no way out|(?:jump|jumping) (?:off|from|in front)|"
                    r"(?:plan|planned|planning) (?:how|when|to) (?:to )?(?:die|do it|end it)|"
                    r"life (?:isn't|is not) worth living|rather be dead|(?:thoughts|thinking) (?:of|about) "
                    r"dying|disappear (?:forever|for good|permanently))", negatable=False),
    # insight: a new realization about oneself
    _rule("insight", r"\b(?:I (?:suddenly |finally |just )?(?:realized|realised|understood|noticed|learned|"
                     r"learnt|discovered|recogni[sz]ed|figured out|saw) (?:that |how |why |what |I |for the first)|"
                     r"it (?:hit|struck|dawned on) me|(?:dawned|clicked) (?:on|for) me|"
                     r"(?:something|it) (?:clicked|shifted)|light ?bulb|aha\b|(?:makes|made) sense (?:now|"
                     r"to me now|for the first time)|for the first time (?:I|in)|I (?:now )?(?:see|get|"
                     r"understand) (?:now )?(?:why|how|that) I|I'm (?:starting|beginning) to (?:see|understand|"
                     r"get)|I never (?:realized|realised|noticed|saw|knew) (?:that|how|why)|new (?:insight|"
                     r"way of seeing)|(?:was|had) a breakthrough|eye[- ]opening|epiphany)"),
]

CRISIS_NEGATED = re.compile(
    r"\b(?:not|never|no longer|wasn't|isn't|am not|I'm not)\s+(?:\w+\s+)?(?:suicidal|(?:thinking|thought) "
    r"(?:about|of) (?:suicide|killing myself|ending my life|self[- ]harm))|\bno (?:suicidal (?:thoughts|"
    r"feelings|ideation)|thoughts (?:of|about) (?:suicide|self[- ]harm|hurting myself))\b|"
    r"\b(?:would|will) never (?:kill myself|hurt myself|take my (?:own )?life)\b", _F)
CRISIS_OF_OTHERS = re.compile(
    r"\b(?:his|her|their|my \w+'s|\w+'s) (?:suicide|overdose|self[- ]harm)\b|\b(?:died|dying|death) (?:by|from|of) "
    r"(?:suicide|an overdose|overdose)\b|\b(?:lost|losing) (?:\w+ ){1,3}to (?:suicide|an overdose)\b|"
    r"\b(?:he|she|they|who) (?:killed (?:himself|herself|themselves)|committed suicide|took (?:his|her|their) "
    r"(?:own )?life)\b|\bsuicide (?:prevention|awareness|hotline|line|rates?|statistics|research|"
    r"training|course|documentary|podcast|book|article|risk assessment)\b|\b(?:movie|film|book|show|"
    r"novel|character|song|article)\b[^.!?]{0,40}\bsuicid", _F)
CRISIS_PAST = re.compile(
    r"\b(?:years ago|when I was (?:\d+|a (?:teen|teenager|kid|child|student)|young(?:er)?|in (?:school|"
    r"college|university))|as a (?:teen|teenager|kid)|back in (?:school|college|\d{4})|in my (?:teens|twenties))"
    r"\b[^.!?]*\b(?:but|and)\b[^.!?]*\b(?:not anymore|no longer|haven't (?:since|in years|for years)|"
    r"(?:I'm|I am) (?:safe|okay|ok|fine|doing (?:well|better)) now|(?:that's|it's|it is) (?:over|behind me|"
    r"in the past)|long (?:time )?(?:ago|gone)|years since)\b", _F)
OTHER_SUBJECT = re.compile(rf"\b{OTHERS}\s+(?:\w+\s+)?(?:has |had |have |is |was |just )?(?:\w+\s+)?$")
OTHER_SUBJECT_CI = re.compile(
    r"\b(?:he|she|they|my (?:friend|sister|brother|mom|mum|mother|dad|father|partner|husband|wife|"
    r"boyfriend|girlfriend|colleague|coworker|cousin|roommate|flatmate)|(?:a|one of my) (?:friend|colleague|"
    r"coworker)s?)\s+(?:\w+\s+){0,2}$", _F)
IDIOM = re.compile(r"\b(?:killing me|kill me|dying to|to die for|dead tired|dead on my feet|bored to death|"
                   r"scared to death|could have killed|killed it|die of embarrassment|dying of laughter)\b", _F)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*", re.MULTILINE)


def _sentences(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in _SENTENCE.finditer(text) if m.group().strip()]


def _ruled_out(rule: Rule, sentence: str, match: re.Match[str]) -> bool:
    before = sentence[:match.start()]
    if rule.negatable and NEGATION.search(before):
        return True
    if rule.kind == "quitting":
        after = sentence[match.end():]
        if not re.search(THERAPY, match.group(), _F) and NOT_THERAPY.match(after):
            return True
        if OTHER_SUBJECT_CI.search(before):
            return True
        if re.search(r"\b(?:glad|happy|relieved|proud) (?:I|that I) didn't\b|\bnever (?:going|gonna) to\b",
                     before, _F):
            return True
    if rule.kind in ("surface", "stale", "insight", "irritation") and OTHER_SUBJECT_CI.search(before) \
            and not re.search(r"\b(?:I|me|my|we)\b", before, _F):
        return True
    return rule.kind == "crisis" and bool(
        CRISIS_NEGATED.search(sentence) or CRISIS_OF_OTHERS.search(sentence) or CRISIS_PAST.search(sentence))


def find_signals(text: str) -> list[Signal]:
    """Every statement found in a text, at most one per kind and sentence, in text order."""
    found: list[Signal] = []
    for offset, sentence in _sentences(text):
        seen: set[str] = set()
        for rule in RULES:
            if rule.kind in seen:
                continue
            for match in rule.pattern.finditer(sentence):
                if _ruled_out(rule, sentence, match):
                    continue
                if rule.kind == "crisis" and IDIOM.search(match.group()):
                    continue
                seen.add(rule.kind)
                found.append(Signal(rule.kind, sentence.strip(), offset + match.start(),
                                    offset + match.end()))
                break
    found.sort(key=lambda s: (s.start, KINDS.index(s.kind)))
    return found


def kinds(text: str) -> list[str]:
    """The kinds of statement in a text, each once, in the order of KINDS."""
    present = {s.kind for s in find_signals(text)}
    return [k for k in KINDS if k in present]


def signals_of(texts: Sequence[str]) -> list[list[Signal]]:
    return [find_signals(t) for t in texts]
