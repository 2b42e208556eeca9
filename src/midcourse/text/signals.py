"""Statements in a client's words, found by rules with their evidence span (English).

Each kind has patterns that show it and guards that rule a match out: a negation just before
it, a subject other than the client, a target other than therapy ("quit smoking"), conduct of
someone who is not the therapist. Crisis statements have their own rules and guards (crisis.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from midcourse.text import Signal, crisis
from midcourse.text.memo import by_text
from midcourse.text.sentences import sentences

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


STOP = r"(?:quit|quitting|stop|stopping|stopped|end|ending|leave|leaving|drop(?:ping|ped)? out of|" \
       r"give up(?: on)?|giving up(?: on)?|take a break from|taking a break from|pause|pausing|cancel|" \
       r"cancell?ing|cancell?ed|skip|skipping|skipped|miss|missing|bail on|bailing on|done with|" \
       r"finish(?:ing)? with)"
# What may follow a bare "thinking about quitting" for it to be about therapy: the end of the
# clause, therapy itself, or a word of time or degree; "quitting smoking" and "a break from dating" stop it.
BARE_END = rf"(?=\s*(?:[.,!?;:)]|$|\b(?:{THERAPY}|seeing (?:her|him|them|my \w+)|going|for (?:a while|good|now)|" \
           r"altogether|completely|it all|and|but|again|already|lately|soon|entirely|from (?:therapy|" \
           r"counsell?ing|my sessions|the sessions|it all|her|him))\b))"

# Words that may stand between "cancel" and "session": "cancel next week's session".
BETWEEN = r"(?:my|the|this|these|our|her|his|with|from|of|next|week's|today's|tomorrow's|upcoming|regular|" \
          r"weekly|on|out|seeing|things|all|this|whole|\w+day's)"

RULES: list[Rule] = [
    # quitting: wanting to stop, skip, cancel or pause therapy, or doubting it is worth it
    _rule("quitting", rf"\b{STOP}\b\W+(?:{BETWEEN}\W+){{0,3}}?{THERAPY}\b"),
    _rule("quitting", r"\b(?:thinking|thought|think|considering|consider|tempted|want(?:ed)?|"
                      r"wanting|urge|feel like|ready|tempting|idea of|might|may|should|could|gonna|going to)\b"
                      r"\W+(?:\w+\W+){0,2}?(?:about |of |to )?(?:just )?(?:quit(?:ting)?|stop(?:ping)?|"
                      r"leav(?:e|ing)|giv(?:e|ing) up|tak(?:e|ing) a break|cancel(?:l?ing)?|skip(?:ping)?|"
                      r"stop (?:going|coming)|not go(?:ing)? back|never go(?:ing)? back)\b" + BARE_END),
    _rule("quitting", r"\b(?:almost|nearly|was going to|wanted to|tempted to|about to)\s+(?:cancel(?:l?ed)?|"
                      r"skip(?:ped)?|bail(?:ed)?|not go(?:ne)?|call(?:ed)? in sick)\b" + BARE_END),
    _rule("quitting", rf"\b(?:want|wants|wanted) out of {THERAPY}\b|\bghost(?:ing)? (?:my |the )?{THERAPY}\b|"
                      rf"\b(?:need|needs|want|wanted) (?:a|some) (?:break|time off|pause) from {THERAPY}\b|"
                      rf"\b(?:reasons?|excuses?) to (?:cancel|skip|quit|stop|not go)\b|"
                      rf"\bwhy (?:am I|do I|should I) (?:even |still )?(?:paying for|going to|doing) {THERAPY}\b|"
                      rf"\b(?:not sure|unsure|doubt|don't know if) I(?:'ll| will| want to| should)? (?:keep|continue)"
                      rf" (?:going|coming|with)\b|"
                      r"\bstop(?:ping)? seeing (?:her|him|them|my (?:therapist|counsell?or|psychologist))\b|"
                      r"\b(?:walk(?:ed)? out|leave) and never (?:come|go) back\b"),
    _rule("quitting", rf"\b(?:not sure|unsure|don't know|doubt|wonder(?:ing)?|question(?:ing)?)\W+"
                      rf"(?:if |whether |that )?(?:this|therapy|it|going|(?:the |these |my |our )?"
                      rf"{THERAPY})\W+(?:is |are |it's |is even |are even )?(?:even |really )?(?:worth|"
                      rf"help(?:s|ing)?|working|doing anything|the money|any use)"),
    _rule("quitting", rf"\b(?:what's|what is|no|is there any|see (?:the|no)|don't see the|can't see the)"
                      rf" (?:the )?point (?:of|in) (?:\w+ ){{0,2}}(?:{THERAPY}|going|continuing|this)\b"),
    _rule("quitting", rf"\b(?:is|are) (?:{THERAPY}|this|it) (?:even |really )?(?:worth|helping|working)\b|"
                      rf"\b(?:not sure|unsure|doubt|wonder(?:ing)?|question(?:ing)?)\b[^.?!]{{0,30}}\bworth "
                      rf"(?:it|the (?:money|time|effort))\b(?=[^.?!]*\b{THERAPY}\b)|"
                      rf"\b(?:(?:is|isn't|not) (?:\w+ )?(?:worth it|helping|working)|waste of "
                      rf"(?:time|money))\b(?=[^.?!]*\b{THERAPY}\b)|\b{THERAPY}\b[^.]{{0,40}}"
                      rf"\b(?:waste of (?:time|money)|(?:isn't|not|doesn't seem|is not) (?:really )?"
                      rf"(?:worth it|helping|working))"),
    _rule("quitting", rf"\bdon't want to go (?:back|anymore|tomorrow|this week)\b(?=\s*(?:[.,!?;]|$|"
                      rf"next|to (?:{THERAPY}|her|him|them)))|\bdreading (?:going|my session|the session|"
                      r"therapy)\b|\bcalled in sick to (?:therapy|my session)\b|\b(?:keep|kept) making "
                      rf"excuses (?:to|not to) (?:go|miss|attend)"),
    # surface: small talk, changing the subject, avoiding a topic in session
    _rule("surface", r"\bsmall[- ]talk\b|\bchit[- ]?chat\b|\bchang(?:e|ed|ing) the (?:subject|topic)\b|"
                     r"\bavoid(?:ed|ing|s)?\b[^.!?]{0,40}?\b(?:topic|subject|talking|bringing (?:it |that |this )?"
                     r"up|mention(?:ing)?|going (?:into|there)|the (?:issue|question))\b|"
                     r"\b(?:stay(?:ed|ing)?|kept it|keep it|kept things|keeping things|keep things|kept to|"
                     r"stick(?:ing)? to|stuck to) (?:on the surface|light|superficial|surface[- ]level|"
                     r"safe topics?|easy topics?)\b|"
                     r"\bsurface[- ]level\b|\bsuperficial\b|\bskirt(?:ed|ing)? (?:a)?round\b|\bdodg(?:e|ed|ing)\b|"
                     r"\bdeflect(?:ed|ing)?\b|\bsteer(?:ed|ing)? (?:away|clear|the conversation)\b|"
                     r"\btalk(?:ed|ing)? about (?:the weather|nothing|nothing important|nothing real|"
                     r"random stuff|trivial)\b|\b(?:filled|fill|filling) the (?:time|hour|session)\b|"
                     r"\bdidn't (?:want to )?(?:go|get) (?:into|there|deeper)\b|\bwouldn't go there\b|"
                     r"\bchanged topics?\b|\bbrushed (?:it|the question) (?:off|aside)\b|"
                     r"\bso (?:that )?I (?:wouldn't|didn't|won't|don't) have to (?:talk|think) about\b|"
                     r"\b(?:chatted|chatting|chat) about\b[^.!?]{0,40}\b(?:the (?:whole|entire) (?:time|hour|session)|"
                     r"all session)\b|\btalk(?:ed|ing)? around (?:it|the (?:issue|topic|subject))\b|"
                     r"\b(?:steer(?:ed|ing)?|kept steering|keep steering) (?:us|her|him|things|it)? ?(?:toward|towards|"
                     r"to) (?:safer|safe|easier|lighter) (?:topics?|ground|things)\b|"
                     r"\bkept (?:the session|it|things|everything) (?:light|easy|breezy|superficial)\b"),
    # stale: going in circles, the same things over and over, nothing new, stuck in therapy
    _rule("stale", r"\b(?:go|goes|going|went|run|running|ran|talk(?:ing)?|talked) (?:a)?round in circles\b|"
                   r"\bsame old (?:things?|stuff|topics?|stories|story|issues?)\b|"
                   r"\b(?:talk(?:ed|ing)?|went|go(?:ing)?) (?:about|over|through) the same\b|"
                   r"\bthe same (?:things?|stuff|topics?|issues?) (?:over and over|again and again|again|"
                   r"every (?:week|session|time))\b|\bsame (?:stories|story|conversations?|complaints?|"
                   r"ground|loop)\b|\bover and over\b|\bagain and again\b|\bnothing new\b|"
                   r"\b(?:going|go|get|getting) nowhere\b|\b(?:not|isn't|aren't|is not|are not) going anywhere\b|\btread(?:ing)? water\b|"
                   r"\b(?:circl(?:e|es|ed|ing)|loop(?:ed|ing)?) (?:back|round|around) (?:to|on) (?:the same|it|this)\b|"
                   r"\b(?:going|go|went|talking|talk) in circles\b|\b(?:said|told|heard|covered) (?:all )?(?:this|that|"
                   r"it) (?:all )?before\b|"
                   r"\brehash(?:ed|ing)?\b|\brepeat(?:ing)? myself\b|\bbroken record\b|"
                   r"\bgroundhog day\b|\bplateau(?:ed)?\b|\b(?:well|insight)s? (?:has |have )?dried up\b|"
                   r"\bnothing (?:left )?to (?:say|talk about)\b|\bran out of things to say\b|"
                   r"\b(?:feel|feeling|felt|am|I'm|we're|we are|got|getting) (?:so |really |kind of |a bit )?"
                   r"stuck\b(?! (?:in|on) (?:traffic|a train|the train|the lift|the elevator|line|a queue|"
                   r"the queue|a meeting|the snow|the mud|work|the crossword|a (?:traffic )?jam|a lift|an elevator))|\bstuck (?:in|with) (?:therapy|"
                   r"the same|this)\b|\bsame place\b|\bspinning (?:my|our) wheels\b|\bdeja vu\b|\bdéjà vu\b"),
    # "no progress" is said with a negation, so these are not negatable
    _rule("stale", r"(?:\bnot|n't|\bnever)\b[^.!?]{0,25}\b(?:making|seeing|getting|made|make) (?:any|much) "
                   r"(?:real )?progress\b|\bno (?:real )?progress\b|\b(?:not getting|getting) nowhere\b|"
                   r"\bnot getting anywhere\b", negatable=False),
    # irritation with the therapist or the sessions (feeling judged or attacked included)
    _rule("irritation", r"(?:\bfelt (?:so |really |very |a bit |kind of )?(?:judged|attacked|critici[sz]ed|"
                        r"lectured|patroni[sz]ed|cornered|pushed|blamed|ambushed|picked on|talked down to)\b|"
                        r"\b(?:feel|feeling|I'm|am) (?:so |really |very |a bit |kind of )?(?:judged|attacked|"
                        r"criticised|criticized|lectured|patronised|patronized|cornered|picked on)\b)"
                        r"(?! (?:by|from|in) (?:my |the |our |a )?(?:in-laws|family|mum|mom|dad|mother|father|boss|"
                        r"colleagues?|friends?|partner|husband|wife|sister|brother|parents|group|people|everyone|"
                        r"them|teachers?|manager|team|neighbours?|neighbors?|class|coworkers?)\b)"),
    # Anger words name the therapy or therapist explicitly: "angry at him" is as often about a parent.
    _rule("irritation", r"\b(?:annoyed|irritated|angry|mad|furious|frustrated|pissed(?: off)?|fed up|"
                        r"resent(?:ful|ed)?|hate|hated|can't stand|couldn't stand|dislike|disliked|"
                        r"don't (?:really )?like|didn't (?:really )?like|sick of|tired of|bugs me|bugged me|"
                        r"gets on my nerves|got on my nerves|rubbed me the wrong way|irritat(?:es|ing)|"
                        r"annoy(?:s|ing)|condescending|smug|preachy|cold|robotic)\b[^.!?]{0,60}?"
                        r"\b(?:(?:my |the )?(?:therapist|counsell?or|psychologist|shrink)|"
                        r"(?:the |these |our |my )?sessions?|therapy)\b"),
    # Dislike and irritation words may point at the therapist by pronoun alone.
    _rule("irritation", r"\b(?:irritated|annoyed|frustrated|angry|mad) (?:by|with|at) (?:the way|how) (?:she|he)\b|"
                        r"\b(?:can't stand|couldn't stand|hate|hated|dislike|don't like|can't bear) (?:the way|how|when) "
                        r"(?:she|he)\b|\b(?:she|he) (?:attacked|criticised|criticized|judged) "
                        r"(?:me|my)\b|"
                        r"\bresent(?:ed)? (?:how|the way|that) (?:she|he)\b|"
                        r"\b(?:annoyed|irritated|pissed off|resent(?:ful)?|can't stand|couldn't stand|"
                        r"dislike|don't (?:really )?like|didn't (?:really )?like|sick of|fed up with|"
                        r"tired of)\b (?:with |at |of )?(?:her|him)\b|\b(?:she|he) (?:is|was|seems|seemed) "
                        r"(?:so |really |a bit )?(?:condescending|smug|preachy|cold|robotic|patroni[sz]ing|"
                        r"arrogant|annoying|irritating)\b"),
    _rule("irritation", r"\b(?:(?:my |the )?(?:therapist|counsell?or|psychologist|shrink)|she|he|sessions?|"
                        r"therapy)\b[^.!?]{0,40}?\b(?:annoy(?:s|ed|ing)?|irritat(?:es|ed|ing)|gets on my nerves|"
                        r"got on my nerves|is (?:so )?(?:condescending|smug|preachy|cold|annoying)|"
                        r"(?:is|was) (?:so )?(?:irritating|infuriating|frustrating))\b"),
    _rule("irritation", r"\b(?:was|got|been|am|I'm) (?:a bit |really |so |quite )?(?:short|snappy|sharp|curt|rude|snippy|"
                        r"abrupt|off|cold|sarcastic|prickly) (?:with|to) (?:him|her|them|my (?:therapist|counsell?or|"
                        r"psychologist))\b"),
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
                         r"(?:laughed|laughs|smirked) at me|mock(?:ed|s|ing)? (?:me|my)\b|(?:said|says|told me) (?:that )?I (?:was|am|'m) "
                         r"(?:being )?(?:stupid|dramatic|crazy|lazy|pathetic|an idiot|attention[- ]seeking|weak)|"
                         r"(?:told|tells) me (?:that )?my (?:\w+ )?(?:is|was) (?:a lack of faith|a sin|god's|in my head|"
                         r"not real)|(?:forgot|missed) (?:we had |about )?(?:our|my|the|an|a) (?:appointment|session)|"
                         r"didn't (?:show|turn) up|(?:confus|mix)(?:es|ed|ing) me (?:up )?with (?:another|other) "
                         r"(?:client|patient|person)|(?:eating|texting|emailing|checking (?:emails?|messages|texts))"
                         r"\b[^.!?]{0,30}\b(?:during|in|through) (?:my|the|our) session|asked me (?:on|for) a date|made fun of me|"
                         r"rolled (?:her|his|their) eyes|(?:dismissed|dismisses|brushed off|waved off|"
                         r"belittled|minimi[sz]ed) (?:me|my|what I)|called me (?:stupid|dramatic|crazy|lazy|"
                         r"an idiot|pathetic|attention[- ]seeking)|(?:forgot|forgets|forgotten|didn't remember|"
                         r"doesn't remember|can't remember|mixed up|confused) (?:my|what I|that I|who|"
                         r"(?:my|the) (?:\w+ )?(?:name|story|history|details))|(?:keeps|kept) forgetting)",
          negatable=False),
    # insight: a new realization about oneself
    _rule("insight", r"\b(?:I (?:suddenly |finally |just )?(?:realized|realised|understood|noticed|learned|"
                     r"learnt|discovered|recogni[sz]ed|figured out|saw) (?:that |how |why |what |I\b|for the first)|"
                     r"I get it now\b|it (?:occurred|came) to me|I (?:finally |now |suddenly )?(?:get|got|see|saw) "
                     r"why I\b|I learn(?:ed|t) something (?:\w+ )?about myself|I'm (?:starting|beginning) to "
                     r"(?:notice|recogni[sz]e|see) (?:my|how|that|why)|"
                     r"it (?:hit|struck|dawned on) me|(?:dawned|clicked) (?:on|for) me|"
                     r"(?:something|it) (?:clicked|shifted)|light ?bulb|aha\b|(?:makes|made) sense (?:now|"
                     r"to me now|for the first time)|for the first time I\b|I (?:now )?(?:see|get|"
                     r"understand) (?:now )?(?:why|how|that) I|I'm (?:starting|beginning) to (?:see|understand|"
                     r"get)|I never (?:realized|realised|noticed|saw|knew) (?:that|how|why)|new (?:insight|"
                     r"way of seeing)|(?:was|had) a breakthrough|eye[- ]opening|epiphany)"),
]

OTHER_SUBJECT = re.compile(rf"\b{OTHERS}\s+(?:\w+\s+)?(?:has |had |have |is |was |just )?(?:\w+\s+)?$")
OTHER_SUBJECT_CI = re.compile(
    r"\b(?:he|she|they|my (?:friend|sister|brother|mom|mum|mother|dad|father|partner|husband|wife|"
    r"boyfriend|girlfriend|colleague|coworker|cousin|roommate|flatmate)|(?:a|one of my) (?:friend|colleague|"
    r"coworker)s?)\s+(?:\w+\s+){0,2}$", _F)
# Conduct of someone who is plainly not the therapist: a friend, a partner, a character on screen.
ON_SCREEN = re.compile(r"\b(?:on (?:TV|the telly|television)|in the (?:film|movie|show|series|book|play)|"
                       r"episode)\b", _F)
NOT_THE_THERAPIST = re.compile(
    r"\b(?:(?:my|our|the|a|an) (?:old |new )?(?:friend|partner|boyfriend|girlfriend|husband|wife|colleague|boss|"
    r"guy|girl|man|woman|neighbou?r|ex|mum|mom|dad|brother|sister|teacher|coworker|flatmate|roommate)\b)",
    _F)
THERAPIST_NAMED = re.compile(r"\b(?:therapist|counsell?or|psychologist|psychiatrist|shrink|session|therapy)\b", _F)


# A question someone else asked, reported by the client ("She asked whether I was thinking of quitting"),
# unless the client then says it is so.
REPORTED_QUESTION = re.compile(
    r"\b(?:asked|asks|wondered|wanted to know|wants to know|checked)\b(?: me)?\b[^.!?]*\b(?:whether|if)\b", _F)
ANSWERED_YES = re.compile(r"\b(?:I said yes|and I (?:am|was|do|did)|I admitted|I had to admit|honestly,? I am)\b", _F)
# Something other than therapy to stop: a habit, a job, a place.
OTHER_TARGET = re.compile(r"\b(?:drink\w*|booze|alcohol|smok\w*|cigarettes?|vap\w*|weed|drugs?|gambl\w*|sugar|"
                          r"coffee|caffeine|job|gym|diet|dating|social media|netflix)\b", _F)
# A realisation about a thing, not about oneself: "I realised I'd left the oven on."
TRIVIAL = re.compile(r"\b(?:left|forgot(?:ten)?|lost|missed|dropped|locked) (?:the|my|a|an|our|it|them)\b|"
                     r"\b(?:oven|keys?|umbrella|wallet|purse|door|lights?|bus|train|shop|milk|bins?|parking|"
                     r"timetable|receipt|tickets?|passport|appointment time|meeting)\b", _F)
SELF = re.compile(r"\b(?:feel\w*|felt|afraid|scared|angry|anger|always|never|pattern|myself|why I|how I|because I|"
                  r"relationships?|mum|mom|dad|mother|father|childhood|fear|need|want)\b", _F)
FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'd|me|we)\b", _F)


RELATIONS = r"(?:friend|sister|brother|mom|mum|mother|dad|father|partner|husband|wife|boyfriend|girlfriend|" \
            r"colleague|coworker|cousin|roommate|flatmate|boss|son|daughter|kids?|family|parents|manager|teacher)"
# For the model, whose finding has no span: a sentence whose subject is another person.
OTHER_SUBJECT_START = re.compile(rf"\s*(?:my {RELATIONS}|(?:a|one of my) (?:friend|colleague|coworker)s?)\b", _F)
PRONOUN_START = re.compile(r"\s*(?:he|she|they)\b", _F)


def _others_speak(kind: str, sentence: str, before: str | None) -> bool:
    """Another person is the subject and the client is not: "My sister keeps changing the subject"."""
    if before is not None:  # a rule's match: who comes just before it, or opens the sentence
        other = OTHER_SUBJECT_CI.search(before) or OTHER_SUBJECT_START.match(before)
        text = before
    else:
        other = OTHER_SUBJECT_START.match(sentence)
        # "She" is the therapist often enough in irritation and conduct to stay.
        if other is None and kind in ("quitting", "surface", "stale", "insight"):
            other = PRONOUN_START.match(sentence)
        text = sentence
    if other is None:
        return False
    return not FIRST_PERSON.search(text[:other.start()] + " " + text[other.end():])


# Noticing a pattern as it happens and naming it is insight: "Caught myself changing the subject and said so."
NAMED_IT = re.compile(r"\b(?:caught|noticed|spotted) myself\b[^.;]{0,60}?\band (?:I )?(?:said so|named it|said it|"
                      r"pointed it out)\W*$", _F)
# Giving oneself permission to feel is not irritation with the therapist: "I'm allowed to be angry at him."
PERMISSION = re.compile(r"\b(?:allowed|okay|ok|alright|all right|fine|normal|entitled) to (?:be|feel|get) "
                        r"(?:\w+ )?(?:angry|annoyed|irritated|mad|frustrated|upset|furious)\b(?![^.!?]*\b(?:but|and I'?m|"
                        r"and I am|and I was|and I felt)\b)", _F)


def _guarded(kind: str, sentence: str, before: str | None) -> bool:
    """The guards every finding of a kind passes (`before`: the text before a rule's match; None for the model)."""
    if REPORTED_QUESTION.search(sentence if before is None else before) and not ANSWERED_YES.search(sentence):
        return True
    if kind == "quitting" and OTHER_TARGET.search(sentence) and not re.search(THERAPY, sentence, _F):
        return True
    if kind == "insight" and TRIVIAL.search(sentence) and not SELF.search(sentence):
        return True
    if (kind == "surface" and NAMED_IT.search(sentence)) or (kind == "irritation" and PERMISSION.search(sentence)):
        return True
    if kind in ("quitting", "surface", "stale", "insight", "irritation") and _others_speak(kind, sentence, before):
        return True
    return kind == "fit_conduct" and bool(ON_SCREEN.search(sentence) or (
        NOT_THE_THERAPIST.search(sentence) and not THERAPIST_NAMED.search(sentence)))


def _ruled_out(rule: Rule, sentence: str, match: re.Match[str]) -> bool:
    before = sentence[:match.start()]
    if rule.negatable and NEGATION.search(before):
        return True
    if rule.kind == "quitting" and (OTHER_SUBJECT_CI.search(before) or re.search(
            r"\b(?:glad|happy|relieved|proud) (?:I|that I) didn't\b|\bnever (?:going|gonna) to\b", before, _F)):
        return True
    return _guarded(rule.kind, sentence, before)


# What the model may not decide alone: a denial of thinking about it, a plain note of what was talked about.
NOT_THINKING = re.compile(r"(?:\bnot|n't|\bnever|\bno longer)\s+(?:\w+\s+)?(?:thinking|thought|planning|considering|"
                          r"tempted)\b", _F)
TOPIC_NOTE = re.compile(r"^\W*(?:we |I )?(?:talked|spoke|chatted|discussed)(?: about)? (?:my|the|our|her|his|a) "
                        r"(?:\w+'?s? ){0,2}\w+\W*$", _F)
# A session that looked into something the client does or left unsaid is the work itself, not avoiding it:
# "We looked at how I go quiet when something matters.", "We talked about it for the whole hour."
EXPLORED = re.compile(r"^\W*(?:(?:we|I) )?(?:talked|spoke|chatted|looked|explored|worked|went|dug)"
                      r"(?: (?:about|at|on|into|through|over))? (?:(?:how|why|what|when) I\b|(?:it|that|this) "
                      r"(?:for|all|the whole|most of)\b)(?![^.!?]*\b(?:but|didn't|did not|avoid\w*)\b)", _F)


def semantic_guard(kind: str, sentence: str) -> bool:
    """Whether a sentence that the embedding model flags is ruled out all the same (no rule match)."""
    if kind == "quitting" and NOT_THINKING.search(sentence):
        return True
    if kind == "surface" and (TOPIC_NOTE.match(sentence) or EXPLORED.match(sentence)):
        return True
    return _guarded(kind, sentence, None)


def find_signals(text: str, crisis_rules: bool = True) -> list[Signal]:
    """Every statement the rules find in a text, at most one per kind and sentence, in text order
    (`crisis_rules=False`: all but crisis, for a caller that runs the crisis detector itself)."""
    return list(_find_signals(text, crisis_rules))


@by_text
@lru_cache(maxsize=50_000)
def _find_signals(text: str, crisis_rules: bool) -> tuple[Signal, ...]:
    # Kept per process by text: a long-running app re-reads the same notes on every page.
    found: list[Signal] = []
    for offset, sentence in sentences(text):
        seen: set[str] = set()
        for rule in RULES:
            if rule.kind in seen:
                continue
            for match in rule.pattern.finditer(sentence):
                if _ruled_out(rule, sentence, match):
                    continue
                seen.add(rule.kind)
                found.append(Signal(rule.kind, sentence.strip(), offset + match.start(),
                                    offset + match.end()))
                break
    if crisis_rules:
        found += crisis.rule_signals(text)
    found.sort(key=lambda s: (s.start, KINDS.index(s.kind)))
    return tuple(found)


def kinds(text: str) -> list[str]:
    """The kinds of statement in a text, each once, in the order of KINDS."""
    present = {s.kind for s in find_signals(text)}
    return [k for k in KINDS if k in present]
