"""The article text rendered with its spans marked: escaped, nested, and never out of range."""

from claims.span_marking import MarkedSpan, text_mark


def test_spans_are_wrapped_and_the_rest_escaped() -> None:
    html = text_mark('<b> "hi" said Ann', [MarkedSpan(5, 7, "quote", "Ann")])

    assert html == '&lt;b&gt; &quot;<mark class="quote" title="Ann">hi</mark>&quot; said Ann'


def test_a_claim_inside_a_quote_is_marked_inside_it() -> None:
    html = text_mark("up 5% now", [MarkedSpan(0, 9, "quote", "q"), MarkedSpan(3, 5, "claim", "c")])

    assert '<mark class="quote" title="q"><mark class="claim" title="c">5%</mark></mark>' in html


def test_spans_outside_the_text_are_ignored() -> None:
    assert text_mark("abc", [MarkedSpan(2, 10, "quote", "x")]) == "abc"
