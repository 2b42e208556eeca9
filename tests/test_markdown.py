import pytest
from hypothesis import given
from hypothesis import strategies as st

from midcourse.markdown import FrontMatterError, inline_tags, plain_text, split_front_matter
from tests.strategies import MARKDOWN_PIECES, notes


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


# CommonMark by the book (markdown-it-py), Obsidian's extensions by hand, every step linear.

def test_a_fence_that_contains_a_shorter_fence_is_code_to_its_end():
    body = "Before\n````markdown\n```\nsecret inside\n```\nstill code\n````\nAfter"
    assert plain_text(body) == "Before\nAfter"


def test_html_comments_are_never_read_nor_quoted():
    body = ("Visible <!-- private --> text\n\n<!-- private\nacross lines -->\n\n"
            "Open <!-- never closed\n\nnext paragraph --> shown again\n\n<div>html <b>words</b></div>")
    text = plain_text(body)
    assert "private" not in text and "never closed" not in text and "next paragraph" not in text
    assert text == "Visible  text\nOpen\nshown again\nhtml  words"


def test_obsidian_comments_end_at_the_next_mark_or_the_end_and_are_code_inside_code():
    body = "a %%one%% b\n```\n%% in code\n```\nc %% open to the end\nstill hidden"
    assert plain_text(body) == "a  b\nc"


def test_code_links_autolinks_images_tables_and_fields():
    body = ("`#inline` code stays, [text](http://x#y) <https://example.org> ![alt](p.png) ![[embed.pdf]]\n\n"
            "| feeling | note #t |\n|---|---|\n| low | slept badly |\n\n- [x] done\n- [-] cancelled\n"
            "Mood:: low\n- [mood:: low] kept (energy:: 3) too")
    assert plain_text(body) == ("#inline code stays, text\nfeeling note\nlow slept badly\ndone\ncancelled\n"
                                "kept  too")
    assert inline_tags(body) == ["t"]


@pytest.mark.parametrize("body", ["[[" * 40_000, "![[" * 30_000, " ::" * 40_000, "%%" * 40_001,
                                  "<!--" * 20_000, "#1" * 40_000, " ^a" * 40_000, "[" * 40_000 + "]",
                                  "*_" * 40_000, "> " * 10_000 + "deep"])
def test_pathological_bodies_are_read_in_linear_time(body):
    """Each of these took minutes with the old regular expressions or a naive scan ([[ x 40,000: 50 s);
    bench/bench_vault.py times them."""
    assert isinstance(plain_text(body), str)


def test_front_matter_is_read_with_an_alias_budget():
    bomb = ("---\ntags: &a [l, l, l, l, l, l, l, l, l]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
            "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n---\n")
    with pytest.raises(FrontMatterError, match="^front matter has more than 20,000 values once its aliases"):
        split_front_matter(bomb)


def test_values_that_are_not_plain_data_come_back_refused_and_bad_dates_as_text():
    from midcourse.safe_yaml import Refused

    props, _ = split_front_matter("---\nsession: 2026-02-30\nbond: !!binary aGk=\nPHQ-9: " + "1" * 400
                                  + "\nx: !!python/object:os.system y\n---\n")
    assert props == {"session": "2026-02-30", "bond": Refused("binary data"),
                     "PHQ-9": Refused("a number of 400 digits"),
                     "x": Refused("a value tagged !!python/object:os.system")}


@pytest.mark.fuzz
@given(text=notes())
def test_fuzz_any_note_splits_or_fails_with_a_front_matter_error(text):
    try:
        props, body = split_front_matter(text)
    except FrontMatterError as exc:
        assert str(exc).startswith("front matter ")
        return
    assert isinstance(props, dict) and all(isinstance(k, str) for k in props)
    assert isinstance(plain_text(body), str) and all(isinstance(t, str) for t in inline_tags(body))


SECRET = "SECRETWORD"
HIDING = [f"%%{SECRET}%%", f"%% a\n\n{SECRET} b %%", f"<!-- {SECRET} -->", f"<!--\n{SECRET}\n-->",
          f"```\n{SECRET}\n```", f"~~~~\n```\n{SECRET}\n```\n~~~~",
          f"![[{SECRET}.png]]", f"![{SECRET}](x.png)", f"<https://{SECRET}.org>", f"[x](http://{SECRET})"]
WELL_FORMED = [p for p in MARKDOWN_PIECES if p not in ("%%", "<!--", "-->", "```", "````", "~~~", "<div>", "</div>",
                                                         "\\", "*", "_", "[", "]", "> [!note]+ Title", "> quoted")]


@pytest.mark.fuzz
@given(before=st.lists(st.sampled_from(WELL_FORMED), max_size=6), hidden=st.sampled_from(HIDING),
       after=st.lists(st.sampled_from(WELL_FORMED), max_size=6))
def test_fuzz_what_is_hidden_or_code_is_never_read(before, hidden, after):
    """Comments, code, embeds and link targets never reach the text that is analysed and quoted."""
    body = "\n\n".join([*before, hidden, *after])
    assert SECRET not in plain_text(body)
