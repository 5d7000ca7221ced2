"""Specifications of the quote half of the engine: spans, speakers, robustness."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction import extract
from claims.extraction.quote_scan import quote_marks_compile, quote_spans_find


def _quotes(text: str, lang: str = "en") -> list[tuple[str, str | None]]:
    return [(quote.text, quote.speaker) for quote in extract(text, lang=lang).quotes]


def test_speaker_named_after_the_quote_is_attributed() -> None:
    assert _quotes('"I love cats!" insists Burton. "I absolutely do."') == [
        ("I love cats!", "Burton"),
        ("I absolutely do.", "Burton"),
    ]


def test_speaker_named_before_the_quote_is_attributed() -> None:
    assert _quotes('Burton said, "I love cats!"') == [("I love cats!", "Burton")]


def test_title_in_quotes_gives_no_quote() -> None:
    text = 'Burton claims that his favorite book is "One Hundred Years of Solitude".'
    assert _quotes(text) == []


def test_scare_quote_gives_no_quote() -> None:
    assert _quotes('Burton thinks that cats are "cuties".') == []


def test_apostrophes_are_not_quote_marks() -> None:
    text = "It’s Jakarta's day and the voters’ choice, don't you think?"
    assert quote_spans_find(text, quote_marks_compile("en")) == []


def test_quote_after_colon_is_attributed_to_previous_speaker() -> None:
    text = (
        "Wakil Perdana Menteri Kazakhstan, Murat Nurtleu, menegaskan: "
        '"Bagi kami, persahabatan dengan Rusia sangatlah penting." '
        'Hubungan kedua negara "berkembang dengan sukses di segala aspek."'
    )
    speakers = [speaker for _, speaker in _quotes(text, "id")]
    assert speakers == ["Murat Nurtleu", "Murat Nurtleu"]


def test_role_resolves_to_the_person_the_article_introduced() -> None:
    text = (
        "Presiden Rusia Vladimir Putin tiba di Astana dari Rusia. Ia disambut di bandara.\n"
        'Sementara itu, Presiden Rusia menyatakan bahwa "kerja sama kedua negara terus '
        'berkembang pesat di segala bidang".'
    )
    quotes = extract(text, lang="id").quotes
    assert [(q.speaker, q.speaker_mention) for q in quotes] == [
        ("Vladimir Putin", "Presiden Rusia")
    ]


def test_clitic_speech_verb_refers_to_the_person_just_named() -> None:
    text = (
        "Wakil Direktur Reskrimum Polda DIY, AKBP Tri Panungko, memimpin rilis itu.\n"
        "Panungko melanjutkan, pihaknya juga menerima beberapa aduan.\n"
        '"Ada beberapa pengaduan tetapi pengaduan itu lagi kita dalami," jelas dia.\n'
        '"Kita lakukan penyelidikan awal terhadap semua laporan," ucapnya.'
    )
    assert [speaker for _, speaker in _quotes(text, "id")] == ["Tri Panungko", "Tri Panungko"]


def test_group_subject_gives_a_null_speaker() -> None:
    text = (
        "Menteri Luar Negeri Sergei Lavrov mengunjungi Astana. Pers Rusia menggambarkan "
        'kunjungan Lavrov "berlangsung di tengah angin kencang, hujan es, dan badai salju".'
    )
    assert _quotes(text, "id") == [
        ("berlangsung di tengah angin kencang, hujan es, dan badai salju", None)
    ]


def test_german_and_french_marks_are_paired() -> None:
    marks = quote_marks_compile("en")
    text = "Er sagte „Hallo Welt“ und « bonjour » enfin."
    assert [text[s.start : s.end] for s in quote_spans_find(text, marks)] == [
        "Hallo Welt",
        "bonjour",
    ]


def test_quote_continued_over_paragraphs_keeps_its_speaker() -> None:
    text = (
        '"This is the first part of what I said," Smith told reporters. "And it goes on and on\n\n'
        '"into a second paragraph that closes here."'
    )
    quotes = extract(text, lang="en").quotes
    assert [q.speaker for q in quotes] == ["Smith", "Smith", "Smith"]


def test_unbalanced_marks_never_lose_the_article() -> None:
    text = 'He said "this never closes\n\nAnd “this neither. But "here" it does.'
    result = extract(text, lang="en")
    for quote in result.quotes:
        assert text[quote.start : quote.end] == quote.text


def test_hundred_thousand_quote_marks_finish_quickly() -> None:
    text = '"' * 100_000 + "“”" * 50_000 + "'" * 100_000
    started = time.perf_counter()
    extract(text, lang="en")
    assert time.perf_counter() - started < 5.0


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(), max_size=400))
def test_arbitrary_unicode_never_raises_and_offsets_hold(text: str) -> None:
    first = extract(text)
    assert first == extract(text)
    for quote in first.quotes:
        assert 0 <= quote.start < quote.end <= len(text)
        assert text[quote.start : quote.end] == quote.text


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ['"', "“", "”", "‘", "’", "'", "«", "»", "„", "\n", " ", "a", "B", ".", ","]
        )
        | st.text(max_size=5),
        max_size=120,
    ).map("".join)
)
def test_quote_mark_soup_never_raises_and_offsets_hold(text: str) -> None:
    for quote in extract(text, lang="en").quotes:
        assert text[quote.start : quote.end] == quote.text


def test_middle_initial_is_no_acronym_of_an_organisation() -> None:
    text = (
        "His former partner, Lawrence B. Cummings, called him a master of deals. "
        '"He showed again and again an ability to put together deals."'
    )
    assert _quotes(text) == [
        ("He showed again and again an ability to put together deals.", "Lawrence B. Cummings")
    ]


def test_speaker_after_the_quote_may_carry_two_appositions() -> None:
    text = (
        "“It’s an invasion of the state regulatory domain,” Scott Pruitt, the attorney general "
        "of Oklahoma, one of the states suing the EPA, said at an event."
    )
    assert _quotes(text) == [("It’s an invasion of the state regulatory domain,", "Scott Pruitt")]


def test_told_after_an_apposition_is_the_speech_verb() -> None:
    text = (
        "“This narrative isn’t just in our institutions,” Malkia Cyril, the executive director "
        "of a media group, told The Huffington Post."
    )
    assert _quotes(text) == [("This narrative isn’t just in our institutions,", "Malkia Cyril")]


def test_speaker_after_a_question_closing_the_quote_is_attributed() -> None:
    text = (
        "Megan Hester spoke first.\n"
        "“How many times do we have to see this in our country?” Clinton said. "
        "“In Tulsa, an unarmed man with his hands in the air.”"
    )
    assert [speaker for _, speaker in _quotes(text)] == ["Clinton", "Clinton"]


def test_sentence_after_a_whole_sentence_quote_attributes_only_with_a_speech_verb() -> None:
    text = "Megan Hester spoke first.\n“Why would anyone do that?” Clinton left the stage."
    assert [speaker for _, speaker in _quotes(text)] != ["Clinton"]


def test_middle_initial_keeps_the_first_name() -> None:
    text = (
        "A lesson from Loretta Lynch.\n"
        "As a young associate, Loretta E. Lynch said she gave a talk. "
        '"Be the voice that people hear," she said.'
    )
    assert [speaker for _, speaker in _quotes(text)] == ["Loretta E. Lynch"]


def test_owner_of_a_possessive_is_not_the_speaker() -> None:
    text = (
        "With 50 days until the election, Minyon Moore, a senior adviser to the campaign, "
        'called Mr. Obama\'s remarks on Saturday "a true wake-up call" to his supporters.'
    )
    assert _quotes(text) == [("a true wake-up call", "Minyon Moore")]


def test_weekday_possessive_opening_a_sentence_is_no_speaker() -> None:
    text = (
        "Hillary Clinton spoke out Tuesday about the shooting.\n"
        "On Tuesday’s episode of the morning show, she said she wanted to speak "
        "“directly to white people” about it."
    )
    assert _quotes(text) == [("directly to white people", "Hillary Clinton")]


def test_group_subject_blocks_fallback_to_previous_speaker() -> None:
    text = (
        'Presiden Donald Trump mengatakan, "Kami akan terus berunding dengan semua pihak." '
        "Banyak analis politik lokal mempertanyakan apakah Astana akan melanjutkan "
        'kebijakannya atau akan "sepenuhnya condong ke Timur atau Barat".'
    )
    assert _quotes(text, "id") == [
        ("Kami akan terus berunding dengan semua pihak.", "Donald Trump"),
        ("sepenuhnya condong ke Timur atau Barat", None),
    ]


def test_group_subject_of_a_speech_verb_gives_a_null_speaker() -> None:
    text = (
        "Governor Roy Cooper said the curfew would hold.\n"
        'Protesters marching through the streets chanted "What curfew?" and kept going.'
    )
    assert _quotes(text) == [("What curfew?", None)]


def test_group_opening_a_sentence_without_a_speech_verb_is_no_subject() -> None:
    text = (
        'Senator Mitch McConnell said, "We will not move on this." '
        "Many voters in Kentucky were angry when the plan was announced as "
        '"a disaster for the state."'
    )
    assert [speaker for _, speaker in _quotes(text)] == ["Mitch McConnell", "Mitch McConnell"]


def test_determiner_before_a_speech_noun_is_no_group_speaker() -> None:
    text = (
        'Another critic, Laurence H. Tribe, likened the rules to "burning the Constitution" '
        "- a charge that might have stung."
    )
    assert _quotes(text) == [("burning the Constitution", "Laurence H. Tribe")]


def test_name_after_a_quoted_phrase_in_running_text_is_no_speaker() -> None:
    text = (
        "Hillary Clinton describes as “unhinged” a Donald Trump tweet attacking a former "
        "Miss Universe."
    )
    assert _quotes(text) == [("unhinged", "Hillary Clinton")]


def test_speaker_at_the_end_after_a_comma_still_counts_after_a_quoted_phrase() -> None:
    text = "A cashier who “steals a handful of $20s” is held accountable, Warren said."
    assert _quotes(text) == [("steals a handful of $20s", "Warren")]


def test_capitalised_speech_word_inside_a_sentence_is_a_name() -> None:
    text = (
        "Secretary of State John F. Kerry said the United States would work with others to "
        'take "robust steps" in response.'
    )
    assert _quotes(text) == [("robust steps", "John F. Kerry")]


def test_initial_with_and_without_its_dot_is_one_person() -> None:
    text = (
        "House Speaker Paul D. Ryan spoke on Sunday.\n"
        '"It\'s heartbreaking," Paul D. Ryan said. "This country has to find new ways to heal."'
    )
    assert [speaker for _, speaker in _quotes(text)] == ["Paul D. Ryan", "Paul D. Ryan"]


def test_unnamed_role_gives_a_null_speaker_not_the_previous_one() -> None:
    text = (
        '"We will win this election," Hillary Clinton said on Monday.\n'
        '"If he thinks that makes him smart," the ad’s narrator says, "what does he think of you?"'
    )
    assert [speaker for _, speaker in _quotes(text)] == ["Hillary Clinton", None, None]


@pytest.mark.parametrize(
    "attribution",
    [
        "Scott’s niece shouted",
        "Scott's niece said",
        "said Scott’s niece",
        "Scott’s spokesman said",
        "said Scott's spokesman",
        "Scott’s former campaign strategist said",
        "Rep. Scott’s spokesman said",
    ],
)
def test_role_owned_by_a_named_person_is_not_that_person(attribution: str) -> None:
    text = f'Rep. Bobby Scott hosted a cookout.\n\n"This is a big year," {attribution}.'
    assert _quotes(text) == [("This is a big year,", None)]


def test_role_owned_through_a_bare_apostrophe_is_not_its_owner() -> None:
    text = 'Rep. Chris Jones hosted a cookout.\n\n"This is a big year," Jones’ spokesman said.'
    assert _quotes(text) == [("This is a big year,", None)]


@pytest.mark.parametrize(
    "attribution",
    [
        "said Scott’s niece, Marcia Price",
        "Scott’s niece, Marcia Price, said",
        "Scott's niece, Del. Marcia Price, shouted",
    ],
)
def test_name_given_to_an_owned_role_is_the_speaker(attribution: str) -> None:
    text = f'Rep. Bobby Scott hosted a cookout.\n\n"This is a big year," {attribution}.'
    assert _quotes(text) == [("This is a big year,", "Marcia Price")]


def test_name_in_a_described_apposition_of_an_owned_role_is_the_speaker() -> None:
    text = (
        "Rep. Bobby Scott hosted a cookout.\n\n"
        'Scott’s niece, longtime state delegate Marcia Price, said: "This is a big year."'
    )
    assert _quotes(text) == [("This is a big year.", "Marcia Price")]


def test_owned_role_held_by_a_person_of_the_article_is_that_person() -> None:
    text = (
        "President Obama spoke first, then Press Secretary Josh Earnest took questions.\n\n"
        '"This is a big year," Obama’s press secretary said.'
    )
    assert _quotes(text) == [("This is a big year,", "Josh Earnest")]


def test_relative_of_the_previous_speaker_is_not_that_speaker() -> None:
    text = (
        '"We live in hard times," Bobby Scott said at the picnic.\n'
        '"We live in Satan\'s kingdom," my father often said.'
    )
    assert [speaker for _, speaker in _quotes(text)] == ["Bobby Scott", None]


def test_document_as_speaker_gives_a_null_speaker() -> None:
    text = (
        "In a statement, Jon Husted said the court's decision would be appealed.\n"
        '"A state cannot avoid the conclusion that its process results in removal," said the '
        "ruling."
    )
    assert _quotes(text) == [
        ("A state cannot avoid the conclusion that its process results in removal,", None)
    ]


def test_pronoun_refers_to_the_subject_not_to_a_possessive_or_an_object() -> None:
    text = (
        "“You squeezed employees to the breaking point,” Jeff Merkley said.\n"
        "In a statement issued Tuesday, presidential nominee Hillary Clinton was more "
        "circumspect. Though she called Wells Fargo’s behavior “outrageous,” Clinton restricted "
        "her comments.\n"
        "“If any bank can’t be managed effectively, it should be broken up.”"
    )
    assert [speaker for _, speaker in _quotes(text)] == [
        "Jeff Merkley",
        "Hillary Clinton",
        "Hillary Clinton",
    ]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("es", "«Vamos a ganar», dijo el presidente Gustavo Petro. «No lo creo», dijo la vecina."),
        (
            "fr",
            "« Nous allons gagner », a déclaré Emmanuel Macron. « Je n'y crois pas », dit le "
            "voisin.",
        ),
    ],
)
def test_unnamed_role_gives_a_null_speaker_in_other_languages(lang: str, text: str) -> None:
    assert [speaker for _, speaker in _quotes(text, lang)][1:] == [None]


def test_name_after_a_short_description_after_the_verb_is_the_speaker() -> None:
    text = (
        "White House spokesman Josh Earnest defended the veto.\n"
        "“The president’s rationales to veto JASTA don’t hold weight,” said 9/11 widow "
        "Terry Strada."
    )
    assert [speaker for _, speaker in _quotes(text)] == ["Terry Strada"]


def test_clause_opener_after_the_quote_starts_another_speaker_s_clause() -> None:
    text = (
        "The spot concludes with footage of Trump saying during the debate, “That makes me "
        "smart,” when Clinton blasted him for not paying income tax."
    )
    assert _quotes(text) == [("That makes me smart,", "Trump")]


def test_participle_after_a_comma_is_the_subject_speaking() -> None:
    text = (
        "David Axelrod called on Howard Dean to apologize.\n"
        "Dean, a former party chairman, poked at Trump's persistent sniffing during the debate, "
        "tweeting, “Notice Trump sniffing all the time. Coke user?”"
    )
    assert [speaker for _, speaker in _quotes(text)] == ["Howard Dean"]


def test_role_written_before_a_name_at_the_sentence_start_keeps_the_name() -> None:
    text = (
        "Democratic presidential nominee Hillary Clinton chimed in on Twitter, saying that "
        'officials should release the videos "without delay and in full."'
    )
    assert [speaker for _, speaker in _quotes(text)] == ["Hillary Clinton"]


def test_short_capitalised_quote_inside_a_sentence_stays_a_scare_quote() -> None:
    assert _quotes('Burton thinks that his cat is simply "The Best." We agree.') == []


def test_apostrophe_before_a_decade_is_no_quote_mark() -> None:
    text = "In the early '80s, Lynch worked at a law firm. She said 'be the voice' to them."
    spans = quote_spans_find(text, quote_marks_compile("en"))
    assert [text[span.start : span.end] for span in spans] == ["be the voice"]


def test_group_word_modifying_a_noun_is_no_group_speaker() -> None:
    text = (
        "Obama strategist David Axelrod on Wednesday called on Howard Dean to apologize.\n"
        "“My reaction, that was outrageous,” Obama's former campaign strategist said."
    )
    assert [speaker for _, speaker in _quotes(text)] == ["David Axelrod"]


def test_short_sentence_quoted_after_a_colon_is_kept() -> None:
    text = 'The president is rolling out a new campaign message: "It\'s about me." He said so.'
    assert [quote for quote, _ in _quotes(text)] == ["It's about me."]


def test_name_particle_stays_in_the_full_name() -> None:
    text = (
        "Mayor Bill de Blasio spoke in Chelsea.\n"
        '"We do not see a link to terrorism," de Blasio said.'
    )
    assert _quotes(text) == [("We do not see a link to terrorism,", "Bill de Blasio")]
