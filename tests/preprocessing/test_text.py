"""Keras 2's Tokenizer and text helpers; expected values derived by hand
from Keras 2's documented rules."""

import json

import numpy as np
import pytest

from kerax.preprocessing.text import (
    Tokenizer,
    hashing_trick,
    one_hot,
    text_to_word_sequence,
    tokenizer_from_json,
)

CORPUS = ["The cat sat on the mat.", "The dog ate my homework!",
          "The cat ate the dog"]
# Counts: the 5, cat 2, dog 2, ate 2, then 1s in first-seen order.
INDEX = {"the": 1, "cat": 2, "dog": 3, "ate": 4, "sat": 5, "on": 6,
         "mat": 7, "my": 8, "homework": 9}


def _fitted(**kwargs):
    tok = Tokenizer(**kwargs)
    tok.fit_on_texts(CORPUS)
    return tok


def test_vocabulary():
    tok = _fitted()
    assert tok.word_index == INDEX
    assert tok.index_word[3] == "dog"
    assert list(tok.word_counts.items())[:3] == [("the", 5), ("cat", 2),
                                                 ("sat", 1)]
    assert tok.word_docs["the"] == 3 and tok.word_docs["cat"] == 2
    assert tok.index_docs[1] == 3 and tok.document_count == 3


def test_texts_to_sequences_num_words_and_oov():
    assert _fitted().texts_to_sequences(["the cat ate a fish"]) == [[1, 2, 4]]
    assert _fitted(num_words=4).texts_to_sequences(
        ["the cat ate a fish"]) == [[1, 2]]
    tok = _fitted(oov_token="<OOV>", num_words=5)
    assert tok.word_index["<OOV>"] == 1 and tok.word_index["the"] == 2
    assert tok.texts_to_sequences(["the cat ate a fish"]) == [[2, 3, 1, 1, 1]]
    assert tok.sequences_to_texts([[2, 3, 9, 1]]) == [
        "the cat <OOV> <OOV>"
    ]


def test_matrix_modes():
    tok = _fitted()
    texts = ["the cat the", ""]
    binary = tok.texts_to_matrix(texts)
    assert binary.shape == (2, 10) and binary[0].tolist() == [
        0, 1, 1, 0, 0, 0, 0, 0, 0, 0]
    assert not binary[1].any()
    count = tok.texts_to_matrix(texts, mode="count")
    assert count[0, 1] == 2 and count[0, 2] == 1
    freq = tok.texts_to_matrix(texts, mode="freq")
    np.testing.assert_allclose(freq[0, [1, 2]], [2 / 3, 1 / 3])
    tfidf = tok.texts_to_matrix(texts, mode="tfidf")
    np.testing.assert_allclose(
        tfidf[0, [1, 2]],
        [(1 + np.log(2)) * np.log(1 + 3 / 4), np.log(1 + 3 / 3)],
    )
    small = _fitted(num_words=3).sequences_to_matrix([[1, 2, 5]])
    assert small.tolist() == [[0, 1, 1]]
    with pytest.raises(ValueError, match="mode=onehot"):
        tok.texts_to_matrix(texts, mode="onehot")
    with pytest.raises(ValueError, match="num_words"):
        Tokenizer().sequences_to_matrix([[1]])
    with pytest.raises(ValueError, match="tfidf"):
        Tokenizer(num_words=3).sequences_to_matrix([[1]], mode="tfidf")


def test_options_and_fit_on_sequences():
    tok = Tokenizer(filters="", lower=False, split=",")
    tok.fit_on_texts(["A,b,A", "c"])
    assert tok.word_index == {"A": 1, "b": 2, "c": 3}
    chars = Tokenizer(char_level=True)
    chars.fit_on_texts(["abA"])
    assert chars.word_index == {"a": 1, "b": 2}
    lists = Tokenizer()
    lists.fit_on_texts([["Hello", "world"], ["hello"]])
    assert lists.word_index == {"hello": 1, "world": 2}
    tok = Tokenizer(num_words=4)
    tok.fit_on_sequences([[1, 2, 2], [3]])
    assert tok.document_count == 2 and tok.index_docs[2] == 1
    with pytest.raises(TypeError, match="bogus"):
        Tokenizer(bogus=1)


def test_json_round_trip():
    tok = _fitted(num_words=6, oov_token="?")
    text = tok.to_json(indent=1)
    payload = json.loads(text)
    assert payload["class_name"] == "Tokenizer"
    assert json.loads(payload["config"]["word_index"]) == tok.word_index
    back = tokenizer_from_json(text)
    assert back.word_index == tok.word_index
    assert back.index_word == tok.index_word
    assert back.texts_to_sequences(CORPUS) == tok.texts_to_sequences(CORPUS)
    np.testing.assert_array_equal(back.texts_to_matrix(CORPUS, "tfidf"),
                                  tok.texts_to_matrix(CORPUS, "tfidf"))


def test_text_helpers():
    assert text_to_word_sequence("Hi!  You, THERE.") == ["hi", "you", "there"]
    assert text_to_word_sequence("a-b c", filters="", lower=False) == [
        "a-b", "c"]
    codes = hashing_trick("The cat, the dog", 7, hash_function="md5")
    assert codes[0] == codes[2] and all(1 <= c < 7 for c in codes)
    custom = hashing_trick("x y", 5, hash_function=len)
    assert custom == [2, 2]
    ones = one_hot("a b a", 10)
    assert len(ones) == 3 and ones[0] == ones[2] and min(ones) >= 1


# Recorded from tf_keras 2.21: Tokenizer(num_words=6, oov_token="<OOV>")
# fitted on CORPUS, applied to QUERIES.
QUERIES = ["the cat ate a fish", "Dog? DOG! mat", ""]
KERAS2 = {
    "word_index": {"<OOV>": 1, "the": 2, "cat": 3, "dog": 4, "ate": 5,
                   "sat": 6, "on": 7, "mat": 8, "my": 9, "homework": 10},
    "word_counts": [("the", 5), ("cat", 2), ("sat", 1), ("on", 1),
                    ("mat", 1), ("dog", 2), ("ate", 2), ("my", 1),
                    ("homework", 1)],
    "sequences": [[2, 3, 5, 1, 1], [4, 4, 1], []],
    "texts": ["the cat <OOV> <OOV> <OOV>"],
    "binary": [[0, 1, 1, 1, 0, 1], [0, 1, 0, 0, 1, 0], [0] * 6],
    "count": [[0, 2, 1, 1, 0, 1], [0, 1, 0, 0, 2, 0], [0] * 6],
    "freq": [[0, 0.4, 0.2, 0.2, 0, 0.2], [0, 0.3333, 0, 0, 0.6667, 0],
             [0] * 6],
    "tfidf": [[0, 2.3472, 0.5596, 0.6931, 0, 0.6931],
              [0, 1.3863, 0, 0, 1.1736, 0], [0] * 6],
}


def test_same_outputs_as_keras2():
    tok = _fitted(num_words=6, oov_token="<OOV>")
    assert tok.word_index == KERAS2["word_index"]
    assert list(tok.word_counts.items()) == KERAS2["word_counts"]
    assert tok.texts_to_sequences(QUERIES) == KERAS2["sequences"]
    assert tok.sequences_to_texts([[2, 3, 9, 1, 0]]) == KERAS2["texts"]
    for mode in ("binary", "count", "freq", "tfidf"):
        np.testing.assert_allclose(tok.texts_to_matrix(QUERIES, mode=mode),
                                   KERAS2[mode], atol=6e-5)
    config = json.loads(tok.to_json())["config"]
    assert json.loads(config["word_counts"]) == dict(KERAS2["word_counts"])
    assert json.loads(config["index_docs"]) == {
        "2": 3, "3": 2, "4": 2, "5": 2, "6": 1, "7": 1, "8": 1, "9": 1,
        "10": 1}
