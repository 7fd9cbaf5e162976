"""Scoring against gold corpora (``../shared/eval/``), pure: ``gold`` reads the JSON lines, ``events`` scores event
dates against TimeML anchors, ``types`` event types and source actors against PLOVER sentences. (Date tagging is
scored by ``timeline.timex.evaluation``, beside the tagger.)"""
