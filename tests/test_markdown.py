import pytest

from midcourse.markdown import FrontMatterError, inline_tags, plain_text, split_front_matter


def test_front_matter_and_body():
    props, body = split_front_matter("---\ntags: [a, b/c]\nsession: 2026-01-05\n---\nHello\n")
    assert props == {"tags": ["a", "b/c"], "session": __import__("datetime").date(2026, 1, 5)}
    assert body == "Hello\n"


def test_no_front_matter():
    assert split_front_matter("Just text") == ({}, "Just text")


@pytest.mark.parametrize(("text", "message"), [
    ("---\nsession: [unclosed\n---\n", "front matter is not valid YAML (line 3)"),
    ("---\n- a list\n---\n", "front matter is not a set of properties"),
    ("---\nsession: 2026-01-05\n", "front matter is not closed by a line with ---"),
])
def test_broken_front_matter(text, message):
    with pytest.raises(FrontMatterError, match=message.replace("(", r"\(").replace(")", r"\)")):
        split_front_matter(text)


def test_plain_text_reads_links_as_their_words():
    body = ("See [[Note]] and [[Target|the alias]] and [[Note#Heading|alias two]] and [[Other#Heading]] "
            "and [[Page#^block]] and [a link](https://example.org/x#y).")
    assert plain_text(body) == "See Note and the alias and alias two and Other and Page and a link."


def test_plain_text_drops_embeds_comments_code_block_ids_and_tags():
    body = ("# Title\n![[picture.png]]\nBefore %%hidden\nacross lines%% after. ^abc123\n"
            "```python\nprint('code')\n```\n- [ ] a task #todo\n- item with field:: value\n"
            "> [!note]+ Callout title\n> inside the callout %%secret%%\n**bold** and ==marked==\n---\n")
    assert plain_text(body) == ("Title\nBefore  after.\na task\nitem with\nCallout title\ninside the callout\n"
                                "bold and marked")


def test_inline_tags_outside_code_and_links():
    body = "Felt #good today #therapy/progress. `#notatag` [x](http://a#anchor) #123 #good\n```\n#nope\n```"
    assert inline_tags(body) == ["good", "therapy/progress"]


def test_the_shared_obsidian_note(shared_data):
    """A real note: aliases, nested and repeated tags, empty fields, wikilinks, a callout with a comment."""
    text = (shared_data / "obsidian" / "Why Therapy is so Difficult.md").read_text(encoding="utf-8")
    props, body = split_front_matter(text)
    assert props["tags"][:2] == ["reference-material", "health/mental-health"]
    assert props["description"] is None and len(props["aliases"]) == 6
    clean = plain_text(body)
    assert "talking about the same things over and over again" in clean
    assert "[[" not in clean and "%%" not in clean and "[!" not in clean
