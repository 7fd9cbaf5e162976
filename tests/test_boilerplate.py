"""Page furniture, meta-text, bylines and credits are boilerplate; the news around them is not.

Every named pattern of timeline/data/boilerplate.txt has rows here: lines it must blank, and lines of news that
look like them and must stay (real sentences a reporter writes)."""
from __future__ import annotations

import datetime as dt

import pytest

from timeline.events.boilerplate import boilerplate_spans, mask_boilerplate, named_patterns
from timeline.records import Article

# (pattern name, line, whether the whole line is boilerplate)
ROWS = [
    ("copyright", "Copyright 2016 WFAA", True),
    ("copyright", "© 2016 Cox Media Group.", True),
    ("copyright", "(© 2016 KHOU)", True),
    ("copyright", "The copyright dispute went to court on Monday.", False),
    ("rights-reserved", "All rights reserved.", True),
    ("byline", "By The Associated Press", True),
    ("byline", "BY JANE DOE and ALI HASSAN, Reuters", True),
    ("byline", "By Monday the town was flooded.", False),
    ("byline-verb", "Posted on", True),
    ("byline-verb", "Posted by Jane Doe", True),
    ("byline-verb", "Reporting by Jane Doe; Editing by Tom Lee", True),
    ("byline-verb", "Reporting from the border, she saw troops cross.", False),
    ("signature", "-- Nicole Santa Cruz", True),
    ("signature", "—Chicago Sun-Times Wire", True),
    ("signature", "— and then the gunman fled.", False),
    ("flash", "FLASH", True),
    ("photo-credit", "Photo: John Smith/AFP", True),
    ("photo-credit", "The photo shows the port.", False),
    ("photo-credit-bracket", "(Photo by Jane Doe/Getty Images)", True),
    ("photo-credit-agency", "Peter Mwangi/AFP", True),
    ("photo-credit-via", "Image via Shutterstock", True),
    ("photo-credit-via", "Credit: Jane Doe", True),
    ("photo-credit-via", "Getty Images", True),
    ("photo-credit-via", "Images via satellite showed the damage to the dam.", False),
    ("meta-in-this", "In this article", True),
    ("meta-in-this", "In this story:", True),
    ("meta-in-this", "In this article the minister is quoted wrongly, the ministry said.", False),
    ("read-more", "Read more", True),
    ("read-more", "READ MORE: Man charged in Dayton shooting", True),
    ("read-more", "Readers wrote more than 300 letters to the mayor.", False),
    ("related", "Related:", True),
    ("related", "Related: Two men shot on South Side", True),
    ("related", "Related Articles", True),
    ("related", "See Also", True),
    ("related", "TRENDING STORIES:", True),
    ("related", "Related charges were filed against two other men on Friday.", False),
    ("advertisement", "Advertisement", True),
    ("advertisement", "Advertisement Continue reading the main story", True),
    ("advertisement", "Scroll down for video", True),
    ("advertisement", "Advertising revenue fell by a third last year.", False),
    ("share", "Share this", True),
    ("share", "Share this: Facebook", True),
    ("share", "SHARE", True),
    ("share", "Share on Twitter", True),
    ("share", "Share this story", True),
    ("share", "Shares in the company fell 5 percent on Monday.", False),
    ("social-buttons", "Twitter", True),
    ("social-buttons", "Facebook | Twitter", True),
    ("social-buttons", "Email Print", True),
    ("social-buttons", "Copy Link Copy", True),
    ("social-buttons", "Twitter suspended the account on Tuesday.", False),
    ("follow-prompt", "Follow CBSDFW.COM: Facebook | Twitter", True),
    ("follow-prompt", "Stay Up To Date, Follow KDKA On Twitter", True),
    ("follow-prompt", "Follow us on Twitter", True),
    ("follow-prompt", "Already have an account?", True),
    ("follow-prompt", "Thank you for registering!", True),
    ("follow-prompt", "Download our app here.", True),
    ("follow-prompt", "Police followed the car to Dayton and arrested the driver.", False),
    ("follow-prompt", "Subscribers lost power when the storm hit.", False),
    ("video-clip", "2:57 John Calipari talks Hamidou Diallo", True),
    ("video-clip", "3:11 Pet pig's botched butchering leads to arrest Pause", True),
    ("video-clip", "0:25 Manatee boys weightlifting receives third straight district trophy", True),
    ("video-clip", "10:30 PM Police respond to reports of shots fired", False),  # a clock time, not a clip
    ("video-clip", "12:30 Police arrived at the house and found two men shot.", False),  # a live report's entry
    ("terms-notice", "By submitting your registration information, you agree to our Terms of Service and "
                     "Privacy Policy .", True),
    ("terms-notice", "By clicking Sign Up you agree to our Terms of Use.", True),
    ("terms-notice", "By submitting the documents, the family hoped to reopen the case.", False),
]


def test_every_pattern_has_rows_of_both_kinds():
    names = {name for name, _p in named_patterns()}
    assert names == {name for name, _line, _bp in ROWS}
    positive = {name for name, _line, bp in ROWS if bp}
    assert positive == names


@pytest.mark.parametrize("name,line,is_boilerplate", ROWS, ids=[f"{r[0]}:{r[1][:30]}" for r in ROWS])
def test_pattern_rows(name, line, is_boilerplate):
    pattern = dict(named_patterns())[name]
    text = f"Police said two men were shot.\n{line}\nThe investigation is ongoing.\n"
    masked = mask_boilerplate(text)
    kept = masked.splitlines()
    assert len(masked) == len(text) and kept[0] == "Police said two men were shot." \
        and kept[2] == "The investigation is ongoing."
    if is_boilerplate:
        assert pattern.search(line) and not kept[1].strip()
    else:  # news: no pattern at all blanks any of it
        assert kept[1] == line and not boilerplate_spans(line)


HEADLINE = "Man shot dead outside Dayton bar"


@pytest.mark.parametrize("line,is_boilerplate", [
    (f"{HEADLINE} - WHIO", True),  # the headline with its outlet appended, as a page title shows it
    (f"{HEADLINE} | The Atlanta Journal-Constitution", True),
    (HEADLINE, False),  # the headline itself is the story's first line
])
def test_headline_with_its_outlet(line, is_boilerplate):
    text = f"{line}\n\nA man was shot dead outside a Dayton bar on Friday, police said.\n"
    kept = mask_boilerplate(text, title=HEADLINE).splitlines()
    assert (not kept[0].strip()) is is_boilerplate
    assert kept[2].startswith("A man was shot dead")


def test_headline_repeated_a_second_time_is_left_out_once():
    text = f"{HEADLINE}\n\n{HEADLINE}\n\nA man was shot dead on Friday.\n"
    kept = mask_boilerplate(text, title=HEADLINE).splitlines()
    assert kept[0] == HEADLINE and not kept[2].strip() and kept[4] == "A man was shot dead on Friday."


def test_outlet_name_appended_to_any_line():
    text = "Gunman kills two in Tripoli | Libya Channel\n"
    assert mask_boilerplate(text, source="Libya Channel").rstrip() == "Gunman kills two in Tripoli"


@pytest.fixture(scope="module")
def pipeline(geoparser):
    from timeline.events import Pipeline

    return Pipeline(geoparser=geoparser)


def test_furniture_gives_no_event(pipeline):
    text = ("Gunmen attacked a police station in Tripoli on Friday.\n\nIn this article\n\nRead more\n\n"
            "Share this\n\nAdvertisement\n\nRelated: Two killed in Benghazi clash\n")
    a = pipeline.analyse(Article(text=text, published=dt.date(2016, 1, 31)))
    assert [e.sentence for e in a.events] == ["Gunmen attacked a police station in Tripoli on Friday."]
