"""The classic Keras 2 `imdb_lstm.py` example, with `keras` renamed to `kerax`.

Trains an LSTM on IMDB movie-review sentiment: Embedding(20000, 128) ->
LSTM(128, dropout=0.2, recurrent_dropout=0.2) -> Dense(1, sigmoid), Adam,
batch 32, reviews cut/padded to 80 words, 15 epochs. Older Keras 2 docstrings
said "Gets to 0.8498 test accuracy after 2 epochs"; kerax (CPU) reached
0.8357 after the first epoch. The original also warns that the dataset is too
small for an LSTM to beat simpler methods such as TF-IDF + LogReg.

Notes from the original:
- RNNs are tricky. Choice of batch size is important, choice of loss and
  optimizer is critical, etc. Some configurations won't converge.
- LSTM loss decrease patterns during training can be quite different from
  what you see with CNNs/MLPs/etc.

Run: `python examples/imdb_lstm.py [--epochs N] [--verbose 0|1|2]`
(slow on CPU: use `--epochs 1` for a quick check).
"""

# ruff: noqa: I001  (kept as in the Keras 2 original)

import argparse

import _data_dir  # noqa: F401  (offline copies of the datasets)

from kerax.preprocessing import sequence
from kerax.models import Sequential
from kerax.layers import Dense, Embedding
from kerax.layers import LSTM
from kerax.datasets import imdb

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=15)
parser.add_argument("--verbose", type=int, default=1)
args = parser.parse_args()

max_features = 20000
# cut texts after this number of words (among top max_features most common words)
maxlen = 80
batch_size = 32

print('Loading data...')
(x_train, y_train), (x_test, y_test) = imdb.load_data(num_words=max_features)
print(len(x_train), 'train sequences')
print(len(x_test), 'test sequences')

print('Pad sequences (samples x time)')
x_train = sequence.pad_sequences(x_train, maxlen=maxlen)
x_test = sequence.pad_sequences(x_test, maxlen=maxlen)
print('x_train shape:', x_train.shape)
print('x_test shape:', x_test.shape)

print('Build model...')
model = Sequential()
model.add(Embedding(max_features, 128))
model.add(LSTM(128, dropout=0.2, recurrent_dropout=0.2))
model.add(Dense(1, activation='sigmoid'))

# try using different optimizers and different optimizer configs
model.compile(loss='binary_crossentropy',
              optimizer='adam',
              metrics=['accuracy'])

print('Train...')
model.fit(x_train, y_train,
          batch_size=batch_size,
          epochs=args.epochs,
          verbose=args.verbose,
          validation_data=(x_test, y_test))
score, acc = model.evaluate(x_test, y_test,
                            batch_size=batch_size, verbose=0)
print('Test score:', score)
print('Test accuracy:', acc)
