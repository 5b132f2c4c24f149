from hypothesis import given
from hypothesis import strategies as st

from sitrep.extract.clean import clean
from sitrep.sources.ingest import from_text


def test_furniture_and_repeated_titles_are_blanked_without_moving_offsets():
    text = "Border clash\n\nBorder clash\nDigital Desk\nTroops were killed.\n\nPopular Categories\nTags:\n"
    c = clean(text)
    assert len(c.analysis) == len(text)
    assert c.analysis.startswith("Border clash\n")
    assert "Digital Desk" not in c.analysis and "Popular Categories" not in c.analysis and "Tags" not in c.analysis
    assert c.analysis.count("Border clash") == 1
    assert c.analysis.index("Troops") == text.index("Troops")
    assert c.title == "Border clash"


def test_mojibake_is_repaired_and_mapped_back():
    broken = "Fierce clashes\u0111\u0178\u201d\u201e62 and 58 soldiers killed"
    doc = from_text("Title\n" + broken, "x.txt", None)
    assert "\u0111" not in doc.analysis
    i = doc.analysis.index("58")
    span = doc.source_span(i, i + 2)
    assert span.text == "58"
    assert doc.text[span.start : span.end] == "58"


@given(st.text(min_size=1, max_size=400))
def test_offsets_always_map_into_the_source(text):
    doc_text = "T\n" + text
    c = clean(doc_text)
    if c.offset_map is None:
        assert len(c.analysis) == len(doc_text)
    else:
        assert len(c.offset_map) == len(c.analysis)
        assert all(0 <= i < len(doc_text) for i in c.offset_map)
        assert list(c.offset_map) == sorted(c.offset_map)
