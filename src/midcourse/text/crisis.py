"""Crisis statements: suicide, self-harm, not wanting to live, plans and means (English).

Three sources, one set of guards, sentence by sentence:

1. **Explicit rules** (EXPLICIT) and the **alone** phrases of the Suicide Risk Lexicon (Low et al.
   2024, Apache-2.0; `data/lexicon/`): a first-person statement that means crisis by itself.
2. An **embedding model** (`CrisisModel`, a logistic regression over all-MiniLM-L6-v2 sentence
   vectors, trained by `scripts/train_crisis.py` with thousands of ordinary sentences as negatives):
   it fires on its own at a high threshold, or at a lower one when the sentence holds a **context**
   word (a means such as "bridge" or "pills", or a lexicon phrase that is ordinary alone). A
   context word never fires by itself.
3. **Guards** that rule a sentence out whatever fired: a denial ("I'm not suicidal"), another
   person's crisis or death, a crisis the text places in the past and calls over, a figure of speech
   ("this job is killing me", "I could die laughing"), an ordinary injury ("I cut my hand while
   cooking") or a medication routine ("I took my pills this morning").

A missed crisis is the worst error the product can make and a false one hides everything else for
30 days: the figures for both are in docs/text.md, measured by `scripts/train_crisis.py`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from midcourse.text import Signal
from midcourse.text.exemplars import Exemplars
from midcourse.text.linear import LinearModel
from midcourse.text.memo import by_text
from midcourse.text.sentences import sentences

KIND = "crisis"
NAME = "crisis"  # data/crisis.npz and crisis.json
_F = re.IGNORECASE

# Statements that mean crisis by themselves (first person, present or recent).
EXPLICIT = re.compile(
    r"\b(?:kill(?:ing|ed)? myself|kms|end(?:ing)? my (?:own )?life|tak(?:e|ing) my (?:own )?life|suicid\w*|"
    r"(?:don't|do not|didn't|dont|never|no longer) (?:really )?(?:want|wanna) to (?:be alive|live(?! (?:with|in|at|near|on|"
    r"there|here|abroad|alone|together|by|like that|that way))|exist|wake up(?! (?:early|late|at|before|this morning|on|in "
    r"time|for|to))|be here any ?more|go on living|carry on living|keep living)|"
    r"(?:wish|wished|wishing) I (?:was|were|could be|'d be) dead|"
    r"(?:wish|wished|wishing|hope|hoping|pray|praying) (?:that )?I (?:just )?(?:wouldn't|won't|don't|didn't|"
    r"never|would not|will not|do not) (?:ever )?wake up|"
    r"(?:wish|hope|pray) (?:that )?I (?:would|could|will) (?:just )?(?:die|not wake up|stop existing)|"
    r"better off dead|(?:be )?better off (?:without me|if I (?:was|were|wasn't|weren't) (?:gone|here|around|alive))|"
    r"no (?:reason|point) (?:to|in) (?:live|living|being alive|staying alive|keep(?:ing)? (?:myself )?alive)|"
    r"self[- ]?harm\w*|self[- ]?injur\w*|"
    r"(?:cut|cutting|burn|burning|burned|burnt|hurt|hurting|harm|harming|harmed|punch(?:ed|ing)?|"
    r"scratch(?:ed|ing)?|starv(?:e|ed|ing)|stab(?:bed|bing)?|hit(?:ting)?|strangl\w+|chok(?:e|ed|ing)|"
    r"poison(?:ed|ing)?) myself\b(?! of\b)|"
    r"(?:saving|saved|stockpil\w+|hoard\w*|collect\w*) (?:up )?(?:all )?(?:my |the )?(?:pills|tablets|meds|"
    r"medication|painkillers|paracetamol|sleeping (?:pills|tablets)|antidepressants)|"
    r"(?:hang|hanging|hanged|drown|drowning|drowned|shoot|shooting|shot|electrocut\w+|gas(?:sing)?) myself|"
    r"(?:suicide|goodbye) (?:note|letter)s?|(?:want|wanted|wanna|wanting) to die|"
    r"(?:want|wanted|wanting) (?:it all|everything|all of it|my life) to (?:end|be over)|(?:want|wanted|wanting) "
    r"it all to stop|(?:wish|wished) I could (?:just )?die|rather not be alive|"
    r"life (?:isn't|is not|isnt) worth living|rather (?:be|I was|I were) dead|"
    r"disappear (?:forever|for good|permanently|for ever)(?! from)|cease to exist|stop existing|"
    r"(?:no|nothing(?: left)?) to live for|"
    r"(?:plan|planned|planning|worked out|decided|chosen|thought about|thinking about|researching|"
    r"looked up|googl\w+) (?:how|when|where|the (?:way|method)) (?:to |I(?:'d| would| could| will|'ll) )?"
    r"(?:die|kill myself|end it|end my life|do it)|"
    r"(?:have|had|made|got) a plan to (?:die|kill myself|end it|end my life)|"
    r"(?:jump|jumping|jumped|step|stepping|stepped|throw(?:ing)? myself) (?:off|from|in front of|into) "
    r"(?:a |the |my )?(?:bridge|roof|building|balcony|cliff|train|tracks|lorry|bus|traffic|car park|"
    r"multi-storey|window)|"
    r"(?:thoughts|thinking|think) (?:of|about) (?:dying|my (?:own )?death|not being here|not existing)|"
    r"(?:took|take|taken|swallowed|taking) (?:an |a )?overdose|overdosed|"
    r"(?:took|swallowed|taken) (?:all|too many|a (?:load|handful|bunch|lot) of|the whole (?:box|packet) of|"
    r"a whole (?:box|packet) of) (?:my |the |of )?(?:pills|tablets|meds|painkillers|paracetamol)|"
    r"I'?m not safe\b|not safe (?:with|from) myself|(?:can't|cannot|don't) trust myself to (?:stay|be|keep) "
    r"(?:safe|alive)|"
    # self-injury described by the act and the body: "cutting my thighs", "burning my arms with cigarettes"
    r"(?:cut|cutting|slash\w*|slit\w*|carv\w*|burn(?:t|ed|ing)?|scratch\w*|stabb?\w*) (?:again|deeper|into) "
    r"(?:my |than)|(?:cut|cutting|carv\w*|burn(?:t|ed|ing)?|slash\w*|slit\w*|scratch(?:ed|ing)?) (?:at )?my "
    r"(?:arms?|legs?|wrists?|thighs?|skin|stomach|belly|hips?|ankles?|chest|body|face)\b(?! (?:on|while|when|with "
    r"the (?:iron|kettle|oven)))|(?:started|been|keep|kept|relapsed|relapse(?: on| into)?) (?:cutting|self[- ]?harm\w*|"
    r"burning myself|hurting myself)|fresh cuts|(?:cuts|scars|marks|burns) on my (?:arms?|legs?|wrists?|thighs?|"
    r"stomach|body)|urges? to (?:cut|hurt|harm|burn)|(?:until|till) (?:it|they|I) (?:bled|bleeds?|bleed)|"
    r"(?:something|anything) (?:stupid|drastic|silly) to myself|what I(?:'ll| will| might) do to myself|"
    # preparations and goodbyes
    r"(?:giv(?:e|ing)|gave|given) (?:away )?(?:all )?my (?:things|stuff|belongings|possessions)(?: away)?|"
    r"(?:goodbye|farewell) (?:notes?|letters?)|(?:notes?|letters?) (?:to|for) (?:\w+ ){0,3}(?:saying goodbye|"
    r"explaining why|to read after(?:wards)?|for after I'?m gone)|exit plan|"
    r"(?:hop(?:e|ed|ing)|want(?:ed)? to|trying) to (?:crash|die|not wake up|not survive|get killed)|"
    r"(?:swerve|crash(?:ing)?|driv(?:e|ing)|steer(?:ing)?) (?:my car |the car )?(?:into|off) (?:oncoming traffic|a "
    r"(?:tree|wall|lorry|bridge)|the (?:road|bridge|cliff))|"
    r"when I'?m (?:gone|dead|not here)\b(?! (?:on|for) (?:holiday|a trip|the weekend|work|business))|"
    # attempts, death wishes and acts in everyday words (the training statements' misses, scripts/train_crisis.py);
    # each says what would make it ordinary after it ("an attempt at bread", "the date for the barbecue")
    r"attempt(?:ed)? on my (?:own )?life|(?:my|another|a) (?:suicide )?attempt\b(?! (?:at|to|on|in|of|with)\b)|"
    r"lost the will to live|no will to live|long(?:ing)? for death\b(?! metal)|"
    r"(?:want|wanting|wanted|wish|wished|wishing|ready|like) to (?:be dead\b(?! (?:honest|serious|set|tired|on|"
    r"certain|sure|right|wrong|easy|simple|quiet|centre|center|last|even|ahead|lucky|straight))|be in the ground"
    r"(?! floor)|leave this world|go to sleep (?:forever|for ever|and never wake)|sleep forever|fall asleep and never "
    r"wake|not exist(?! as)|disappear forever(?! from)|end the pain (?:permanently|for good|forever))|"
    r"(?:should|could|wish I) (?:have|had) died\b(?! (?:laughing|of|my|her|his|the))|wish I (?:had|'d) never "
    r"(?:been born|woken up)|(?:never|not) wake up again|(?:takes?|take) me in (?:the|my) (?:night|sleep)|"
    r"waste of (?:oxygen|air)\b|(?:tied|tie|tying|made|making) (?:a |the )?noose|(?:plastic )?bag over my head|"
    r"(?:make|made|making) myself bleed\b(?! when I (?:bit|bite))|(?:carv|scratch)(?:ed|ing|e)? [\w' ]{1,30} into my "
    r"(?:arm|leg|skin|wrist|thigh|stomach)|stuck (?:pins|needles) (?:in|into) my (?:arms?|legs?|skin|hands?|"
    r"wrists?|thighs?|stomach|fingers?)|scald(?:ed|ing)? myself\b(?:(?! (?:with|on|by|when|while|making)\b)|"
    r"[^.!?]{0,40}\b(?:on purpose|deliberately))|"
    r"(?:threw|throw|throwing) myself (?:down the stairs|off (?:a|the) (?:bridge|building|roof|balcony|cliff|car park|"
    r"multi-storey)|under (?:a|the) (?:train|bus|lorry|car|truck)|in front of (?:a|the) (?:train|bus|lorry|car|truck|"
    r"traffic))|hurt my (?:own )?body\b|(?:on|to) the edge of doing something|"
    r"(?:not|won't|wont|don't)(?: (?:planning|plan|going|expect\w*) (?:on|to))? (?:be|being) (?:here|around|alive) "
    r"(?:by|for|next|at|in) (?:the )?(?:summer|spring|autumn|winter|christmas|next|my birthday|the end)\b"
    r"(?![^.!?]{0,50}\b(?:going to|gonna|moving|move|holiday|away|abroad|travel\w*|trip|visit\w*|flying|flight|"
    r"spain|france|overseas|relocat\w*|posted)\b)|"
    r"(?:done|finished) (?:fighting|with (?:life|living))(?= *(?:[.,;!]|$|and\b|now\b))|want out for good|"
    r"going to (?:go through with it|do it this time)(?! and\b)|I'?(?:ve)? (?:picked|chosen) (?:the|a) (?:day|date)"
    r"(?! for\b))",
    _F)

# Words that let the model fire at its lower threshold: means, death, existence, leaving for good.
# None of them fires alone.
CONTEXT = re.compile(
    r"\b(?:di(?:e|ed|es|ing)|dead|death|suicid\w*|kill\w*|li(?:fe|ve|ving)|alive|exist\w*|hurt\w*|harm\w*|"
    r"cut\w*|burn\w*|bl(?:ed|eed\w*|ood)|scratch\w*|scars?|pills?|tablets|meds|medication|overdos\w*|"
    r"paracetamol|painkillers|insulin|rope|noose|belt|gun|shotgun|knife|knives|blades?|razors?|charcoal|"
    r"jump\w*|bridge|cliffs?|roof|balcony|tracks|platform|train|traffic|lorry|motorway|sea|river|water|"
    r"end(?:ing)?|over|wake|sleep forever|disappear\w*|vanish\w*|gone|here|around|goodbyes?|letters?|notes?|"
    r"will|belongings|things away|anymore|any more|go on|carry on|no way out|better off|without me|"
    r"miss me|point|burden|relie(?:f|ved)|peace|peaceful|forever|for good|permanently|funeral|grave|"
    r"cancer|crash\w*|hit me|stop breathing|heart|ready|planned|plan|date|method\w*|enough|weight|"
    r"safe|myself)\b",
    _F)

# A denial: the sentence says the client is not in crisis.
NEGATED = re.compile(
    r"\b(?:not|never|no longer|wasn't|isn't|am not|I'm not|I am not)\s+(?:\w+\s+)?(?:suicidal|in crisis|"
    r"(?:thinking|thought) (?:about|of) (?:suicide|killing myself|ending my life|self[- ]harm|hurting myself|"
    r"dying))|\bno (?:suicidal (?:thoughts|feelings|ideation|urges)|thoughts (?:of|about) (?:suicide|self[- ]harm|"
    r"hurting myself|killing myself|ending my life|dying))\b|"
    r"\b(?:would|will|could) never (?:kill myself|hurt myself|harm myself|take my (?:own )?life|do that)\b|"
    r"\b(?:don't|do not|never) (?:think|thought) (?:about|of) (?:suicide|killing myself|ending my life|"
    r"hurting myself|self[- ]harm)\b|\bno (?:plans?|intention|intent|urge) (?:to|of) (?:(?:hurt(?:ing)?|harm(?:ing)?|"
    r"kill(?:ing)?) myself|end(?:ing)? (?:my life|it all|things)|dying|die)\b|"
    r"\b(?:asked|asks|asking)\b[^.!?]*\b(?:and|but) I (?:honestly |really |genuinely )?(?:haven't|don't|didn't|am not|"
    r"wasn't|won't)\W*$|"
    r"\b(?:never|haven't ever|have never) (?:self[- ]harmed|hurt myself|cut myself|"
    r"tried to kill myself)\b|\bI(?:'m| am) safe\b|"
    r"\basked (?:me )?(?:about|if|whether)\b[^.!?]*\b(?:said|answered|ticked|told (?:her|him|them)) no\b|"
    r"\b(?:don't|do not|didn't|never|haven't|have not|hasn't) (?:have|get|got|feel|had|felt) (?:any |the )?(?:thoughts?|urges?|feelings?|desire|"
    r"wish|plans?|intention) (?:of|about|to)\b|\b(?:don't|do not|didn't) feel like (?:hurting|harming|killing|"
    r"ending|cutting)\b|\b(?:don't|do not) want to (?:die|be dead)\b|\bnever crossed my mind\b|\bnothing like that\b|"
    r"\b(?:isn't|is not) something I(?:'ve| have| would)? (?:ever )?(?:done|do|think about|considered|consider)\b|"
    r"\b(?:isn't|is not|not) on the table\b|\bnot (?:going to|gonna) (?:do anything (?:to|stupid)|hurt|harm|kill) "
    r"myself\b|\bnot in (?:any )?danger\b|\bnowhere near (?:that|doing)\b|\b(?:asked|asks|ask) (?:me )?(?:about|whether|if)\b[^.!?]*\b(?:routine|"
    r"standard|as (?:usual|always)|every (?:client|patient|session))\b", _F)
# Another person's crisis or death, or suicide as a subject (a documentary, a course, a helpline).
OF_OTHERS = re.compile(
    r"\b(?:his|her|their|my \w+'s|\w+'s) (?:suicide|overdose|self[- ]harm|suicide attempt|death)\b|"
    r"\b(?:died|dying|death) (?:by|from|of) (?:suicide|an overdose|overdose)\b|\b(?:lost|losing) (?:\w+ ){1,3}to "
    r"(?:suicide|an overdose)\b|\b(?:my |his |her |a )?(?:cousin|friend|brother|sister|father|mother|dad|mum|mom|"
    r"uncle|aunt|son|daughter|partner|husband|wife|grandfather|grandmother|grandad|granddad|nan|gran|colleague|"
    r"classmate|neighbour|neighbor|boyfriend|girlfriend|flatmate|roommate)(?:'s \w+)? (?:\w+ ){0,2}(?:committed "
    r"suicide|killed (?:himself|herself|themselves)|took (?:his|her|their) (?:own )?life|died by suicide|"
    r"tried to kill (?:himself|herself|themselves)|overdosed|self[- ]harm\w*|cuts? (?:himself|herself)|attempted suicide|"
    r"(?:has been|had been|was|is|started) cutting|wanted to die|wants to die|"
    r"(?:is|was) suicidal|(?:is|was) dying|died|passed away)\b|"
    r"\b(?:he|she|they)(?:'d|'s| had| has| have| was| is)?\b(?:(?!\b(?:I|me|my|myself|I'm|I've)\b)[^.!?]){0,40}?"
    r"\b(?:suicid\w*|kill(?:ed|ing)? (?:himself|herself|themselves)|self[- ]harm\w*|cutting (?:himself|herself|"
    r"themselves|again)|overdos\w*|wanted to die|wants to die|ready to die)|"
    r"\b(?:said|says|told me|tells me) (?:that )?(?:he|she|they)(?:'s| is| was| were| had| has|'d)? (?:\w+ ){0,2}"
    r"(?:ready to die|want(?:s|ed)? to die|suicidal|(?:\w+ )?kill (?:himself|herself|themselves))|"
    r"\b(?:a|the|this) (?:man|woman|person|boy|girl|guy|lady|teenager|student|patient|client|kid|young man|"
    r"young woman)\b[^.!?]{0,40}\b(?:jumped|killed|died|took (?:his|her|their)|wanted to die|wants to die|overdosed|"
    r"hanged|suicid)|\bthere (?:was|has been) (?:a|another) suicide\b|\bwho (?:survived|attempted|committed|died by)\b|"
    r"\b(?:training|course|lecture|workshop|module|class|seminar|webinar|memoir|biography)\b[^.!?]{0,40}\bsuicid|"
    r"\b(?:he|she|they|who) (?:\w+ )?(?:killed (?:himself|herself|themselves)|committed suicide|took (?:his|her|"
    r"their) (?:own )?life|tried to kill (?:himself|herself|themselves)|overdosed|(?:is|was|were) suicidal)\b|"
    r"\bsuicide (?:prevention|awareness|hotline|helpline|line|rates?|statistics|research|training|course|"
    r"documentary|podcast|book|article|risk assessment)\b|\b(?:documentary|podcast|article|book|film|movie|"
    r"lecture|talk|course|thesis|essay) (?:about|on) (?:suicide|self[- ]harm|death)\b|\b(?:movie|film|book|show|"
    r"novel|character|song|article|series|episode)\b[^.!?]{0,40}\b(?:suicid|kill(?:s|ed)? (?:himself|herself)|"
    r"dies|died|jump(?:s|ed)? off)", _F)
# A crisis the text places in the past and calls over.
PAST = re.compile(
    r"\b(?:years ago|(?:a )?long time ago|when I was (?:\d+|a (?:teen|teenager|kid|child|student)|young(?:er)?|"
    r"in (?:school|college|university))|as a (?:teen|teenager|kid)|back (?:then|in (?:school|college|\d{4}))|"
    r"in my (?:teens|twenties|thirties)|at school|used to)\b[^.!?]*(?:\b(?:but|and|now)\b|,)[^.!?]*"
    r"\b(?:not anymore|no longer|haven't (?:since|in years|for years|for a (?:decade|long time))|"
    r"(?:I'm|I am) (?:safe|okay|ok|fine|doing (?:well|better)|in a (?:much )?better place)(?: now)?|"
    r"(?:that's|it's|it is) (?:over|(?:long )?behind me|in the past)|long (?:time )?(?:ago|gone|behind me)|"
    r"years since|glad I survived|now I want to live|want to live now|in a (?:good|better|much better|great|"
    r"safe) place|doing (?:well|better|fine|great))\b|"
    r"\bhaven't (?:done it|cut|self[- ]harmed|hurt myself|felt like that|had those thoughts) (?:for|in|since) "
    r"(?:years|months|a long time|ages|a decade)\b|\b(?:urges?|thoughts?) (?:to \w+ |of \w+ )?(?:has|have) "
    r"(?:gone|passed|stopped|faded)\b|\bmy (?:past|old|previous) (?:self[- ]harm|suicide attempts?|overdoses?|"
    r"scars)\b|\bhistory of (?:self[- ]harm|suicide attempts?|overdoses?)\b|"
    r"\b(?:it's|it has|it's been) been (?:\w+ )?(?:years|months|a (?:decade|long time)) since I (?:last )?"
    r"(?:hurt|harmed|cut|tried|wanted|thought)\b", _F)
# A crisis placed far in the past ("used to", "years ago", "as a teenager", "old scars") or said to be over
# ("not anymore", "that passed"), ruling a sentence out unless it also brings it into the present (NOW).
DISTANT = re.compile(
    r"(?<!\bget )(?<!\bgot )(?<!\bgetting )(?<!'m )(?<!\bam )(?<!'re )(?<!\bnot )(?<!\bnever )\bused to\b|\b(?:years|decades?|a lifetime|"
    r"(?:a )?long time|ages) ago\b|\b(?:a|one|two|three|four|five|six|seven|eight|nine|ten|\d+) (?:years|decades?) "
    r"ago\b|(?<!since )\bwhen I was (?:\d+|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|a (?:teen|teenager|kid|"
    r"child|student)|(?:much )?young(?:er)?|little|at (?:school|uni|university|college)|in (?:school|college|"
    r"university|my teens))\b|\bas a (?:teen|teenager|kid|child|student)\b|\bin my (?:teens|twenties|thirties|"
    r"late teens|early twenties)\b|\bback (?:then|at (?:school|uni|university|college)|in (?:school|college|the day|"
    r"\d{4}))\b|\bin (?:19|20)\d\d\b|\bafter my first\b|\bold scars\b|"
    r"\b(?:don't|do not|doesn't|isn't|not) (?!worth)(?:\w+ ){0,2}(?:that|this|it|like that|that way)(?: \w+)? (?:anymore|"
    r"any more|any longer)\b|\bno longer (?:suicidal|self[- ]?harm\w*|cutting|hurting myself|in crisis|"
    r"(?:have|get|feel|think|thinking|want|wanting|wish|wishing) (?:about |of |the |those |any )?(?:urges?|thoughts?|"
    r"feelings?|suicide|suicidal|dying|killing myself|hurting myself|self[- ]?harm\w*|to (?:die|hurt myself|kill myself|"
    r"cut))|(?:act|acting) on (?:it|them))\b|"
    r"\b(?:that|it|the (?:urges?|feelings?|thoughts?))(?: all)? (?:has |had )?(?:passed|stopped|gone away)\b|"
    r"\b(?:thoughts?|urges?|feelings?) (?:of|to|about) [^.!?]{0,30}\b(?:stopped|passed|went away|faded)\b|"
    r"\bthe last time I\b[^.!?]{0,40}\bwas (?:before|when|years|in)\b|, I was (?:\d+|\w+teen|twenty[- ]?\w*)\b|"
    r"\b(?:stopped|(?:helped me|learned to|learnt to|managed to) stop) (?:wanting|doing that|cutting|hurting)\b|\ba world away\b|\bhaven't [^.!?]{0,40}\bin "
    r"(?:a long time|years|ages|months)\b|\bin the past\b|\bonce, a\b|\bglad I (?:stayed|survived|didn't)\b", _F)
NOW = re.compile(
    r"(?:\b(?:but|and)|,) now\b|\bnow (?:I|I'm|I've|it's|they're|the|that)\b|^\W*now\b|\b(?:again|still|lately|recently|these days|nowadays|at the moment|right now|today|tonight|this "
    r"(?:week|month|morning|year)|last (?:night|week|month)|yesterday|coming back|come back|creeping back|"
    r"(?:started|starting|start) (?:to|again|cutting|hurting|thinking|wanting)|every (?:day|night)|currently|"
    r"since then|(?:are|is|'s|'re|came|come|comes|coming|went|going|gone|creeping) back)\b", _F)
# Figures of speech that use the words of death.
IDIOM = re.compile(
    r"\b(?:killing (?:me|it)|kill(?:ed)? it|(?:will|gonna|going to|would|'ll) kill me(?! myself)|"
    r"(?:could|would|'d) kill for|(?:could|would|'d) (?:murder|demolish) (?:a|an|some|the)\b|kill time|"
    r"dying (?:to|for|of (?:laughter|embarrassment|boredom))|to die for|"
    r"(?:die|died|dying) (?:of|from) (?:laughter|laughing|embarrassment|boredom|shame|curiosity)|"
    r"(?:could|nearly|almost) (?:have )?died (?:laughing|of)|die laughing|dead (?:tired|on my feet|"
    r"set on|serious|honest|end|easy|heat|line)|deadline|(?:bored|scared|worried|frozen|tickled) to death|"
    r"(?:phone|battery|laptop|car|plant|computer|engine|tv|telly|conversation|party) (?:has |had |just )?died|"
    r"(?:so|that) (?:hungry|tired|bored|thirsty|embarrassed) I could die|"

    r"I'll die if I (?:have to|don't get)|over my dead body|kill(?:ing|ed)? myself (?:at work|laughing|working|with "
    r"work|over (?:nothing|this)|for (?:no|nothing))|working myself to death|rather (?:be dead|die) than (?:be seen|"
    r"wear|go|sing|do|eat|watch|sit|dance|speak|give|work|spend|listen)|the end of the day|end of my rope with|"
    r"the death of me|hang(?:ing)? myself out to dry|sho(?:t|ot|oting) myself in the foot|(?:career|social|political|commercial) "
    r"suicide|drowning in (?:work|emails|paperwork|debt)|killed me\b(?! myself)|overdos\w* on (?:chocolate|sugar|sweets|"
    r"coffee|caffeine|cake|carbs|crisps|tv|telly|netflix|television|work|news|social media))", _F)
# An ordinary injury, a haircut or a medication routine.
ORDINARY = re.compile(
    r"\b(?:cut|cutting|burn(?:t|ed)?|hurt|scratched|bumped|hit|bruised|banged|trapped) (?:myself|my \w+) "
    r"(?:while|when|on (?:a|the|some|my)\b(?! (?:arms?|legs?|wrists?|thighs?|stomach|belly|hips?|skin|chest|body))|shaving|cooking|chopping|slicing|opening|playing|running|falling|"
    r"lifting|at (?:the|work)|in the (?:kitchen|garden)|by accident|accidentally|with the (?:knife|kettle|iron))|"
    r"\b(?:by accident|accidentally)\b(?! on purpose)|"
    r"\b(?:fall|fell|falling|trip|tripped|slip|slipped|crash|crashed)\b[^.!?]{0,25}\b(?:hurt|cut|injur\w*|bruise\w*) "
    r"myself\b|\bend up (?:hurting|cutting|injuring) myself\b|\b(?:hurt|injure\w*|strain\w*) myself (?:lifting|at the "
    r"gym|running|playing|training|exercising)\b|\bcareful not to (?:hurt|cut|burn) myself\b|"
    r"\b(?:cut|trimmed|cutting) (?:my|the|his|her) (?:hair|fringe|nails|beard|grass|hedge|lawn)\b|"
    r"\b(?:threw|throw|throwing|jumped|jump|jumping|dived|dove) (?:myself )?(?:off|from) (?:the|a) (?:diving board|"
    r"high board|springboard)\b|"
    r"\b(?:took|take|taking|takes|remembered|forgot|forget) (?:my|the) (?:\w+ )?(?:pills|tablets|meds|medication|"
    r"vitamins|inhaler)\b(?! (?:all|at once))(?=[^.!?]*\b(?:morning|evening|night|breakfast|lunch|dinner|"
    r"every|daily|today|as (?:prescribed|usual)|on time|with|again|yet)\b)(?![^.!?]*\b(?:all of them|too many|"
    r"on purpose|to die|so I (?:wouldn't|won't|don't) wake)\b)", _F)
# Another person as the subject and no first person anywhere: "He wants to die." is not the client.
THIRD_PERSON = re.compile(
    r"^\W*(?:he|she|they|his|her|their|my (?:\w+ )?(?:friend|sister|brother|mom|mum|mother|dad|father|partner|"
    r"husband|wife|boyfriend|girlfriend|colleague|coworker|cousin|uncle|aunt|son|daughter|grandad|grandma|nan|"
    r"roommate|flatmate|client|patient)|[A-Z][a-z]+ (?:said|says|told|wants|tried))\b", _F)
FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|me|my|myself|mine|im|ive|id)\b", _F)
NEGATION = re.compile(r"(?:\bnot|n't|\bnever|\bno longer|\bwon't|\bwouldn't)\W+(?:\w+\W+){0,2}$", _F)
NOT_A_NEGATION = re.compile(r"\b(?:not sure|not certain|no idea|don't know|dont know|unsure|can't stop|cannot stop|"
                            r"couldn't stop|can't help|won't stop|not stop)\b[^.!?]*$", _F)


# Wanting to live, glad to be alive: these rule out the model (never the rules, which read negation).
LIFE = re.compile(
    r"\b(?:glad|happy|grateful|lucky|relieved|thankful) (?:to be|I'm|I am|I was) (?:alive|still here|here)\b|"
    r"\b(?:want|wanted|determined|going) to (?:live|stay alive|feel alive|be alive|be here for)\b|"
    r"\b(?:never|haven't ever|have never|didn't ever) (?:wanted|want) to die\b|\bfeel (?:more )?alive\b", _F)


@dataclass(frozen=True)
class Phrase:
    construct: str
    phrase: str
    use: str  # "alone" or "context"


@lru_cache(maxsize=1)
def lexicon() -> tuple[Phrase, ...]:
    """The crisis phrases derived from the Suicide Risk Lexicon (scripts/derive_lexicon.py)."""
    path = resources.files("midcourse") / "data" / "lexicon" / "suicide_risk_lexicon.tsv"
    with path.open(encoding="utf-8") as handle:
        return tuple(Phrase(r["construct"], r["phrase"], r["use"]) for r in csv.DictReader(handle, delimiter="\t"))


def phrase_pattern(phrase: str) -> str:
    """A regex for a lexicon phrase: whole words, contractions written either way, any spacing."""
    words = []
    for word in phrase.split():
        w = re.escape(word)
        w = re.sub(r"n't$|n\\'t$", "(?:n'?t| not)", w) if word.endswith("n't") else w
        w = {"I'm": "I(?:'?m| am)", "I'll": "I(?:'?ll| will)", "I'd": "I(?:'?d| had| would)",
             "what's": "what(?:'?s| is)", "it's": "it(?:'?s| is)", "my": "my"}.get(word, w)
        words.append(w.replace("\\-", "[- ]?"))
    return r"\b" + r"\s+".join(words) + r"\b"


@lru_cache(maxsize=2)
def lexicon_pattern(use: str) -> re.Pattern[str]:
    """One pattern for every lexicon phrase of a use ("alone" or "context"), longest first."""
    phrases = sorted((p.phrase for p in lexicon() if p.use == use), key=len, reverse=True)
    return re.compile("|".join(phrase_pattern(p) for p in phrases), _F)


# A denial taken back: "I said no, but I do."
RETRACTED = re.compile(r"\b(?:lied|lying)\b|\bbut (?:\w+ )?(?:I|it's|that's) (?:do|am|have|did|was|is|true|not true)"
                       r"(?:\W*$| (?:have (?:them|it|those)|suicidal|(?:think|thought|want|wanted|feel|felt) (?:about )?"
                       r"(?:it|that|them|those|suicide|dying|killing myself|hurting myself|to die)))", _F)
# Ordinary words after a phrase that would otherwise mean crisis: "wake up early", "live in London".
ORDINARY_AFTER = re.compile(
    r"^\s*(?:early|late|at \d|at (?:six|seven|eight|nine|ten|noon|the weekend)|before|this morning|on (?:time|my|a|the)|"
    r"in time|for (?:work|school|the)|with (?:my|them|him|her|the|a)|in (?:london|the|this|a|my)|near|abroad|alone|"
    r"together)\b", _F)


@by_text
@lru_cache(maxsize=50_000)
def guarded(sentence: str) -> bool:
    """Whether a sentence is ruled out as a crisis statement whatever matched in it."""
    if NEGATED.search(sentence) and not RETRACTED.search(sentence):
        return True
    if OF_OTHERS.search(sentence):
        return True
    if (PAST.search(sentence) or DISTANT.search(sentence)) and not (NOW.search(sentence) and not LIFE.search(sentence)):
        return True
    if ORDINARY.search(sentence) and not re.search(r"\bon purpose|deliberately|to feel|to punish\b", sentence, _F):
        return True
    return bool(THIRD_PERSON.search(sentence) and not FIRST_PERSON.search(sentence))


def _negated_before(sentence: str, start: int) -> bool:
    before = sentence[:start]
    return bool(NEGATION.search(before)) and not NOT_A_NEGATION.search(before)


def _unidiomatic(sentence: str, match: re.Match[str]) -> bool:
    """A match that is not inside a figure of speech."""
    return not any(i.start() <= match.start() < i.end() or match.start() <= i.start() < match.end()
                   for i in IDIOM.finditer(sentence))


@by_text
@lru_cache(maxsize=50_000)
def rule_match(sentence: str) -> tuple[int, int] | None:
    """The span of an explicit crisis statement in a sentence, after the guards; None when there is none."""
    if guarded(sentence):
        return None
    for pattern in (EXPLICIT, lexicon_pattern("alone")):
        for match in pattern.finditer(sentence):
            if (not _negated_before(sentence, match.start()) and _unidiomatic(sentence, match)
                    and not (re.search(r"(?:wake up|live)$", match.group(), _F)
                             and ORDINARY_AFTER.match(sentence[match.end():]))):
                return match.start(), match.end()
    return None


def has_context(sentence: str) -> bool:
    """Whether a sentence holds a word that lets the model fire at its lower threshold."""
    return bool(CONTEXT.search(sentence) or lexicon_pattern("context").search(sentence))


def rule_signals(text: str) -> list[Signal]:
    """Crisis statements found by the rules alone, one per sentence, with the matched span."""
    found = []
    for offset, sentence in sentences(text):
        span = rule_match(sentence)
        if span is not None:
            found.append(Signal(KIND, sentence.strip(), offset + span[0], offset + span[1]))
    return found


@dataclass
class CrisisModel:
    """The embedding model of crisis statements and its two thresholds: a logistic regression over the
    sentence vector, its word 1-2-grams and (when the model has them) its nearest-exemplar features."""

    linear: LinearModel
    alone: float  # fires by itself at or above this probability
    context: float  # fires at or above this with a context word in the sentence
    exemplars: Exemplars | None = None

    @classmethod
    def load(cls, folder: str | Path | None = None) -> CrisisModel:
        linear = LinearModel.load(NAME, folder)
        exemplars = Exemplars.load(NAME, linear.meta["exemplars"], folder) if "exemplars" in linear.meta else None
        return cls(linear, linear.meta["thresholds"]["alone"], linear.meta["thresholds"]["context"], exemplars)

    @property
    def meta(self) -> dict[str, Any]:
        return self.linear.meta

    def probabilities(self, vectors: NDArray[np.float32], texts: Sequence[str]) -> NDArray[np.float64]:
        logits = self.linear.logits(vectors, texts)[:, 0]
        if self.exemplars is not None and len(texts):
            logits = logits + self.exemplars.logits(vectors)
        return np.asarray(1 / (1 + np.exp(-logits)))


def decide(sentence: str, probability: float | None, alone: float = 1.0, context: float = 1.0
           ) -> tuple[int, int] | None:
    """The span of a crisis statement in one sentence: rules first, then the model's probability
    against its thresholds (`alone`; `context` with a context word); None if neither."""
    span = rule_match(sentence)
    if span is not None:
        return span
    if probability is None or guarded(sentence):
        return None
    if not (probability >= alone or (probability >= context and has_context(sentence))):
        return None
    if IDIOM.search(sentence) or LIFE.search(sentence):
        return None
    stripped = sentence.strip()
    start = len(sentence) - len(sentence.lstrip())
    return start, start + len(stripped)


class CrisisDetector:
    """Rules and the embedding model together, sentence by sentence."""

    def __init__(self, embedder: Any, model: CrisisModel | None = None):
        self.embedder = embedder
        self.model = model or CrisisModel.load()

    def decide(self, sentences_: Sequence[str], vectors: NDArray[np.float32]) -> list[tuple[int, int] | None]:
        """The crisis span of each sentence (None: none), given the sentences' vectors."""
        p = self.model.probabilities(vectors, [s.strip() for s in sentences_])
        return [decide(s, float(q), self.model.alone, self.model.context) for s, q in zip(sentences_, p, strict=True)]

    def signals(self, texts: Sequence[str]) -> list[list[Signal]]:
        spans = [(i, offset, s) for i, t in enumerate(texts) for offset, s in sentences(t)]
        found: list[list[Signal]] = [[] for _ in texts]
        if not spans:
            return found
        vectors = self.embedder.embed([s.strip() for _, _, s in spans])
        for (i, offset, sentence), span in zip(spans, self.decide([s for _, _, s in spans], vectors), strict=True):
            if span is not None:
                found[i].append(Signal(KIND, sentence.strip(), offset + span[0], offset + span[1]))
        return found
