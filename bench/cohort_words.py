"""The words of the simulated cohort: written for the benchmark, never used to tune a detector.

Each list holds sentences in the client's own voice (or, for therapist reasons, the words a
therapist gives when they cancel). The rules under test read them through the `TextReader`
protocol as a black box; nothing here is copied from the detectors' patterns.
"""

from __future__ import annotations

# Ordinary notes of a week in a life: what most of a client's writing is.
EVERYDAY = [
    "Long day at work, but I got the report finished.",
    "Went for a walk by the river after dinner.",
    "My sister came over and we cooked together.",
    "Slept badly, the neighbours had a party.",
    "Called my mum, she sounded tired.",
    "Took the bus instead of driving, read most of a novel.",
    "Had a proper lunch break for once.",
    "The kids were wild this morning, school run was chaos.",
    "Fixed the bike chain myself, felt quietly proud.",
    "Rainy weekend, mostly stayed in and watched films.",
    "I took my pills this morning and then forgot my keys.",
    "I cut my hair short today and I like it.",
    "At the end of the day I want to feel better about my job.",
    "I really want to cut down on drinking, for my kids.",
    "Talked about the move and how unsettled the flat still feels.",
    "We went over my week and the argument with my partner.",
    "Talked about my dad and how our phone calls always end badly.",
    "Spoke about work, the new manager, and feeling invisible in meetings.",
    "We looked at the thought record from last week.",
    "Homework: write down three moments when I felt calm.",
    "She asked about my childhood home and I described the kitchen.",
    "Discussed sleep, and trying to keep the phone out of the bedroom.",
    "Talked through the plan for visiting my parents at Easter.",
    "We practised saying no to extra shifts.",
    "Spent most of the session on the breakup and what I miss.",
    "Talked about money worries and the credit card.",
    "Went to the gym twice this week.",
    "Bought plants for the balcony.",
    "Finally replied to all the emails I was avoiding at work.",
    "Met an old friend for coffee, it was easy and warm.",
    "My partner and I had a good talk on Sunday.",
    "Work was quiet, I left early.",
    "I noticed I get tense before family dinners.",
    "We talked about why I apologise so much.",
    "Tried the breathing exercise on the train.",
    "Made a list of things I want this year.",
    "The dog was sick, spent the evening at the vet.",
    "I said what I thought in the team meeting.",
    "Talked about grief for the life I thought I'd have by now.",
    "Watched the football with my brother.",
    "Cleaned the whole flat, felt better after.",
    "Had a headache most of the day.",
    "The course started, I was nervous but it went fine.",
    "We talked about my friend's wedding and feeling left out.",
    "I was short with my son and then apologised.",
    "Started a new book about habits.",
    "Visited my grandmother in the care home.",
    "Went swimming, first time in years.",
    "My boss praised the project in front of everyone.",
    "Cooked a new recipe, it was edible.",
    "Talked about loneliness on weekends.",
    "We explored what I expect from my friendships.",
    "Noticed I compare myself to my sister a lot.",
    "I spent the evening on my phone and felt flat.",
    "Planned a small trip to the coast.",
    "The appointment at the dentist went okay.",
    "Talked about the anniversary coming up and what to do.",
    "Made it to yoga on Thursday.",
    "Good week overall, a bit tired.",
    "Nothing much happened, ordinary week.",
]

# Idioms and figures of speech that use strong words in ordinary ways.
IDIOMS = [
    "This commute is killing me.",
    "I could murder a curry tonight.",
    "My feet are dead after the double shift.",
    "I nearly died laughing at my friend's story.",
    "The deadline is going to be the death of me, ha.",
    "I'm dead tired but happy.",
    "My phone battery died on the way home.",
    "I was dying to tell someone the news.",
    "The traffic was murder this morning.",
    "I'd kill for a week of proper sleep.",
    "That presentation bombed, I wanted the ground to swallow me.",
    "My plants are slowly dying on the windowsill.",
    "I'm sick to death of the rain.",
    "The quiz at the pub was a massacre, we came last.",
    "My back is killing me after moving the sofa.",
]

# Other people's deaths, illness and loss: sad, but not a crisis of the client's own.
OTHERS_DEATHS = [
    "My uncle died last month and the funeral is on Friday.",
    "It's the anniversary of my grandmother's death this week.",
    "A colleague's husband passed away suddenly.",
    "We talked about my father's death and the hospital.",
    "My friend's brother took his own life years ago and she still talks about it.",
    "Our old cat had to be put down, the kids were heartbroken.",
    "I went to a memorial for a neighbour who died of cancer.",
    "Watched a documentary about suicide prevention, it made me think of my cousin.",
    "My aunt has been in hospital after an overdose of her heart medication by mistake.",
    "Talked about how my mother died when I was twelve.",
]

# Reasons a therapist gives when they cancel: not the client's words.
THERAPIST_REASONS = [
    "Therapist unwell.",
    "Therapist ill, rescheduled.",
    "Family emergency on the therapist's side.",
    "Therapist on training course.",
    "Clinic closed for a staff day.",
    "Therapist on annual leave.",
    "Room double-booked, the clinic cancelled.",
    "Therapist had to cover an urgent case.",
    "Bank holiday, clinic closed.",
    "Therapist's child was sick.",
]

# Ordinary reasons a client cancels.
CLIENT_REASONS = [
    "Work deadline.",
    "My son has a fever.",
    "Train strike.",
    "Car broke down.",
    "Had a migraine.",
    "Double-booked with a hospital appointment.",
    "Away for a wedding.",
    "Stuck at the office.",
]

# The wall families in the client's words, many phrasings each.
WALL_QUITTING = [
    "I keep thinking I should just stop coming.",
    "Honestly not sure therapy is doing anything for me anymore.",
    "Almost cancelled today, I couldn't face it.",
    "I've been wondering whether to take a break from the sessions.",
    "Part of me wants to quit therapy and just get on with things.",
    "I don't know if it's worth paying for this any more.",
    "Thought about not going back after the summer.",
    "I was looking for a reason to skip this week.",
]
WALL_SURFACE = [
    "We mostly chatted about nothing in particular.",
    "I changed the subject when she asked about my dad.",
    "Kept it light today, talked about the weather and work.",
    "I steered us away from the thing I actually wanted to say.",
    "Small talk for most of the hour.",
    "I avoided bringing up the argument with my mother.",
    "Didn't want to go deeper so I talked about the holiday.",
    "I dodged the question about my marriage again.",
]
WALL_STALE = [
    "Same conversation as last week, round and round.",
    "It feels like we keep going in circles.",
    "We went over the same old stuff.",
    "Nothing new came up, I feel stuck.",
    "It's like Groundhog Day in there.",
    "I don't think we're getting anywhere.",
    "Talked about the same things again and again.",
    "I'm repeating myself every session.",
]
WALL_IRRITATION = [
    "She really annoyed me today.",
    "I left the session irritated and I'm not sure why.",
    "I felt judged when she pointed out my excuses.",
    "Got frustrated with the therapist for pushing so hard.",
    "I didn't like the way she questioned me.",
    "Sessions have been getting on my nerves lately.",
    "I was cross with him for bringing up my ex again.",
    "I feel a bit resentful about therapy right now.",
]

# Concrete therapist conduct that fits no defense (a poor fit, not a wall).
CONDUCT = [
    "She was on her phone for half the session.",
    "He talked mostly about his own divorce.",
    "She told my sister what I said in session.",
    "He kept pushing his religious beliefs on me.",
    "She laughed at me when I described the panic attack.",
    "He forgot our appointment and didn't turn up.",
]

# Notes of a session where something strained between them.
RUPTURE_NOTES = [
    "Something felt off between us today.",
    "I didn't feel heard, and I didn't say so.",
    "She misunderstood what I meant and I shut down.",
    "There was a tense moment and we never came back to it.",
    "I left feeling she'd sided with my partner.",
]
REPAIR_NOTES = [
    "We talked about last week's tension and it helped.",
    "I told her I felt misunderstood and she really listened.",
    "We cleared the air about what happened.",
]

# Notes of a sudden shift for the better, and of things getting worse.
GAIN_NOTES = [
    "Something clicked today, I feel lighter.",
    "I realised I've been carrying my mother's expectations for years.",
    "First good week in a long time, I actually enjoyed Saturday.",
    "Slept through the night three times this week.",
]
WORSE_NOTES = [
    "Really bad week, couldn't get out of bed on Tuesday.",
    "Everything feels heavier again.",
    "Called in sick twice, I just couldn't.",
    "The low mood is back and worse than before.",
    "Barely eating, sleeping all the time.",
]

# Statements of the client's own crisis: suicide, self-harm, not wanting to live.
CRISIS = [
    "I don't see the point in living anymore.",
    "I've been thinking about ending my life.",
    "Some nights I wish I wouldn't wake up.",
    "I cut myself again last night.",
    "I've started to think everyone would be better off without me.",
    "I looked up how many pills it would take.",
    "I want to kill myself.",
    "I keep thinking about suicide.",
    "I don't want to be alive anymore.",
    "I hurt myself on purpose after the argument.",
]
