"""Keras 2's `keras.preprocessing.text`: `Tokenizer`, `text_to_word_sequence`,
`one_hot`, `hashing_trick`, `tokenizer_from_json`.

>>> tok = Tokenizer(num_words=4)
>>> tok.fit_on_texts(["the cat sat", "the cat ran", "the end"])
>>> tok.word_index
{'the': 1, 'cat': 2, 'sat': 3, 'ran': 4, 'end': 5}
>>> tok.texts_to_sequences(["the cat ran home"])  # "ran" is index 4
[[1, 2]]
"""

import hashlib
import json
from collections import OrderedDict, defaultdict

import numpy as np

DEFAULT_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


def text_to_word_sequence(input_text, filters=DEFAULT_FILTERS, lower=True,
                          split=" "):
    """Splits a text into words: optional lowercasing, every character of
    `filters` becomes `split`, empty pieces are dropped.

    >>> text_to_word_sequence("Hello, World!  Bye.")
    ['hello', 'world', 'bye']
    """
    if lower:
        input_text = input_text.lower()
    input_text = input_text.translate(
        str.maketrans(dict.fromkeys(filters, split))
    )
    return [word for word in input_text.split(split) if word]


def hashing_trick(text, n, hash_function=None, filters=DEFAULT_FILTERS,
                  lower=True, split=" ", analyzer=None):
    """Maps each word to `hash(word) % (n - 1) + 1` (index 0 is reserved).

    `hash_function`: None (Python's `hash`, which varies between runs for
    strings unless `PYTHONHASHSEED` is set), `"md5"` (stable), or a
    callable.

    >>> hashing_trick("the cat the", 10, hash_function="md5")
    [6, 3, 6]
    """
    if hash_function is None:
        hash_function = hash
    elif hash_function == "md5":
        def hash_function(word):
            return int(hashlib.md5(word.encode()).hexdigest(), 16)
    if analyzer is None:
        words = text_to_word_sequence(text, filters=filters, lower=lower,
                                      split=split)
    else:
        words = analyzer(text)
    return [hash_function(w) % (n - 1) + 1 for w in words]


def one_hot(input_text, n, filters=DEFAULT_FILTERS, lower=True, split=" ",
            analyzer=None):
    """Word indices in `[1, n)` by hashing (`hashing_trick` with `hash`):
    not a one-hot encoding, despite Keras 2's name."""
    return hashing_trick(input_text, n, hash_function=hash, filters=filters,
                         lower=lower, split=split, analyzer=analyzer)


class Tokenizer:
    """Turns texts into sequences of word indices or into matrices.

    Words are indexed by decreasing frequency (ties: first seen first),
    from 1; 0 is never used. Only the `num_words - 1` most frequent words
    are kept by `texts_to_sequences` / the matrix methods.

    Args:
        num_words: Keep words of index `< num_words` (None: all).
        filters: Characters removed from texts.
        lower: Lowercase texts.
        split: Word separator.
        char_level: Every character is a token.
        oov_token: Token (index 1) replacing out-of-vocabulary words in
            `texts_to_sequences`.
        analyzer: Callable text -> list of tokens, replacing the default
            splitting.
        document_count: Initial document count (used by `from_json`).
    """

    def __init__(self, num_words=None, filters=DEFAULT_FILTERS, lower=True,
                 split=" ", char_level=False, oov_token=None, analyzer=None,
                 document_count=0, **kwargs):
        if "nb_words" in kwargs:
            num_words = kwargs.pop("nb_words")
        if kwargs:
            raise TypeError(f"Unrecognized keyword arguments: {kwargs}")
        self.word_counts = OrderedDict()
        self.word_docs = defaultdict(int)
        self.filters = filters
        self.split = split
        self.lower = lower
        self.num_words = num_words
        self.document_count = document_count
        self.char_level = char_level
        self.oov_token = oov_token
        self.index_docs = defaultdict(int)
        self.word_index = {}
        self.index_word = {}
        self.analyzer = analyzer

    def _tokens(self, text):
        if self.char_level or isinstance(text, list):
            if self.lower:
                text = ([t.lower() for t in text] if isinstance(text, list)
                        else text.lower())
            return text
        if self.analyzer is not None:
            return self.analyzer(text)
        return text_to_word_sequence(text, filters=self.filters,
                                     lower=self.lower, split=self.split)

    def fit_on_texts(self, texts):
        """Updates the vocabulary from texts (strings, or lists of tokens)."""
        for text in texts:
            self.document_count += 1
            seq = self._tokens(text)
            for w in seq:
                self.word_counts[w] = self.word_counts.get(w, 0) + 1
            for w in set(seq):
                self.word_docs[w] += 1
        ranked = sorted(self.word_counts.items(), key=lambda kv: kv[1],
                        reverse=True)
        vocab = [] if self.oov_token is None else [self.oov_token]
        vocab += [w for w, _ in ranked]
        self.word_index = dict(zip(vocab, range(1, len(vocab) + 1)))
        self.index_word = {i: w for w, i in self.word_index.items()}
        for w, count in list(self.word_docs.items()):
            self.index_docs[self.word_index[w]] = count

    def fit_on_sequences(self, sequences):
        """Updates document counts from index sequences (for tfidf)."""
        self.document_count += len(sequences)
        for seq in sequences:
            for i in set(seq):
                self.index_docs[i] += 1

    def texts_to_sequences(self, texts):
        """List of index lists, one per text."""
        return list(self.texts_to_sequences_generator(texts))

    def texts_to_sequences_generator(self, texts):
        oov_index = self.word_index.get(self.oov_token)
        for text in texts:
            out = []
            for w in self._tokens(text):
                i = self.word_index.get(w)
                if i is not None:
                    if self.num_words and i >= self.num_words:
                        if oov_index is not None:
                            out.append(oov_index)
                    else:
                        out.append(i)
                elif self.oov_token is not None:
                    out.append(oov_index)
            yield out

    def sequences_to_texts(self, sequences):
        """Inverse of `texts_to_sequences` (words joined by spaces)."""
        return list(self.sequences_to_texts_generator(sequences))

    def sequences_to_texts_generator(self, sequences):
        oov_index = self.word_index.get(self.oov_token)
        for seq in sequences:
            words = []
            for i in seq:
                word = self.index_word.get(i)
                if word is not None and not (
                    self.num_words and i >= self.num_words
                ):
                    words.append(word)
                elif oov_index is not None:
                    words.append(self.index_word[oov_index])
            yield " ".join(words)

    def texts_to_matrix(self, texts, mode="binary"):
        """`sequences_to_matrix(texts_to_sequences(texts), mode)`."""
        return self.sequences_to_matrix(self.texts_to_sequences(texts),
                                        mode=mode)

    def sequences_to_matrix(self, sequences, mode="binary"):
        """A `(len(sequences), num_words)` float64 matrix.

        Modes: `"binary"` (word present), `"count"`, `"freq"` (count /
        sequence length) and `"tfidf"` (`(1 + log(count)) *
        log(1 + documents / (1 + documents containing the word))`).

        >>> t = Tokenizer(); t.fit_on_texts(["a b b", "b c"])
        >>> t.texts_to_matrix(["b b a"], mode="count")
        array([[0., 2., 1., 0.]])
        """
        if mode not in ("binary", "count", "tfidf", "freq"):
            raise ValueError(
                '`mode` must be one of "binary", "count", "tfidf", "freq". '
                f"Received: mode={mode}"
            )
        num_words = self.num_words
        if not num_words:
            if not self.word_index:
                raise ValueError(
                    "Specify a dimension (`num_words` argument), or fit on "
                    "some text data first."
                )
            num_words = len(self.word_index) + 1
        if mode == "tfidf" and not self.document_count:
            raise ValueError(
                "Fit the Tokenizer on some data before using tfidf mode."
            )
        x = np.zeros((len(sequences), num_words))
        for row, seq in enumerate(sequences):
            if not seq:
                continue
            counts = defaultdict(int)
            for j in seq:
                if j < num_words:
                    counts[j] += 1
            for j, c in counts.items():
                if mode == "count":
                    x[row, j] = c
                elif mode == "freq":
                    x[row, j] = c / len(seq)
                elif mode == "binary":
                    x[row, j] = 1
                else:
                    tf = 1 + np.log(c)
                    idf = np.log(1 + self.document_count /
                                 (1 + self.index_docs.get(j, 0)))
                    x[row, j] = tf * idf
        return x

    def get_config(self):
        """The tokenizer's settings and vocabulary (JSON-encoded maps)."""
        return {
            "num_words": self.num_words,
            "filters": self.filters,
            "lower": self.lower,
            "split": self.split,
            "char_level": self.char_level,
            "oov_token": self.oov_token,
            "document_count": self.document_count,
            "word_counts": json.dumps(self.word_counts),
            "word_docs": json.dumps(self.word_docs),
            "index_docs": json.dumps(self.index_docs),
            "index_word": json.dumps(self.index_word),
            "word_index": json.dumps(self.word_index),
        }

    def to_json(self, **kwargs):
        """A JSON string (`json.dumps` kwargs accepted) readable by
        `tokenizer_from_json`, in Keras 2's format."""
        return json.dumps(
            {"class_name": self.__class__.__name__,
             "config": self.get_config()},
            **kwargs,
        )


def tokenizer_from_json(json_string):
    """Rebuilds a `Tokenizer` from `Tokenizer.to_json()` output.

    >>> t = Tokenizer(oov_token="<unk>"); t.fit_on_texts(["hi there"])
    >>> tokenizer_from_json(t.to_json()).texts_to_sequences(["hi you"])
    [[2, 1]]
    """
    config = dict(json.loads(json_string).get("config"))
    word_counts = json.loads(config.pop("word_counts"))
    word_docs = json.loads(config.pop("word_docs"))
    index_docs = {int(k): v for k, v in
                  json.loads(config.pop("index_docs")).items()}
    index_word = {int(k): v for k, v in
                  json.loads(config.pop("index_word")).items()}
    word_index = json.loads(config.pop("word_index"))
    tokenizer = Tokenizer(**config)
    tokenizer.word_counts = OrderedDict(word_counts)
    tokenizer.word_docs = defaultdict(int, word_docs)
    tokenizer.index_docs = defaultdict(int, index_docs)
    tokenizer.word_index = word_index
    tokenizer.index_word = index_word
    return tokenizer
