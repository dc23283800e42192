"""The word cloud's and the themes' folding of Norwegian words (kultur3/core/words.py)."""

from kultur3.core import words


def test_inflected_forms_fold_to_one_key():
    assert words.fold("kulturskolen") == words.fold("kulturskole") == words.fold("Kulturskolens")
    assert words.fold("møteplasser") == words.fold("møteplass")


def test_nynorsk_and_bokmaal_spellings_of_the_school_are_one_word():
    assert words.fold("kulturskulen", "nn") == words.fold("kulturskolen", "nb")


def test_stop_words_in_either_written_standard_are_dropped():
    assert words.fold("og") == ""
    assert words.fold("ikkje", "nn") == ""
    assert words.fold("korleis", "nb") == ""
    assert words.fold("the", "en") == ""
    assert words.tokens("Det er ikke for alle", "nb") == []


def test_count_words_counts_each_text_once_and_shows_the_commonest_form():
    counted = words.count_words(
        ["Kulturskolen kulturskolen kulturskolen", "kulturskole for alle", "Kulturskulen, møteplass"],
        "nb",
    )
    top = counted[0]
    assert (top.word, top.count) == ("kulturskolen", 3)
    assert [(item.word, item.count) for item in counted[1:]] == [("møteplass", 1)]


def test_punctuation_markup_and_empty_texts_count_nothing():
    assert words.count_words(["", None, "!!! ...", "   "], "nb") == []


def test_keys_are_what_two_answers_share():
    first = words.keys("Flere barn i kulturskolen", "nb")
    second = words.keys("Alle barn skal ha plass i kulturskulen", "nn")
    assert first & second == {words.fold("barn"), words.fold("kulturskolen")}


def test_folding_from_many_threads_at_once_gives_the_same_keys():
    """Every Streamlit session is a thread; a stemmer shared between them mixed up its words
    (wrong stems and IndexErrors in Snowball's find_among_b under four threads)."""
    import sys
    from concurrent.futures import ThreadPoolExecutor

    texts = ["kulturskolene møteplassene barnehagene samarbeidet ungdommene"] * 300
    want = [words.keys(text) for text in texts]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            runs = list(pool.map(lambda _: [words.keys(text) for text in texts], range(8)))
    finally:
        sys.setswitchinterval(interval)
    assert all(run == want for run in runs)
