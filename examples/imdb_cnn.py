"""The classic Keras 2 `imdb_cnn.py` example, with `keras` renamed to `kerax`.

Conv1D text classification of IMDB movie-review sentiment: Embedding(5000, 50)
-> Dropout -> Conv1D(250, 3) -> GlobalMaxPooling1D -> Dense(250) -> Dropout
-> ReLU -> Dense(1) -> sigmoid, Adam, batch 32, 2 epochs, reviews cut/padded to
400 words. The Keras 2 docstring: "Gets to 0.89 test accuracy after 2 epochs.
90s/epoch on Intel i5 2.4Ghz CPU." kerax (CPU) reached 0.8877 test accuracy
after the 2 epochs.

Run: `python examples/imdb_cnn.py [--epochs N] [--verbose 0|1|2]`
"""

# ruff: noqa: I001  (kept as in the Keras 2 original)

import argparse

import _data_dir  # noqa: F401  (offline copies of the datasets)

from kerax.preprocessing import sequence
from kerax.models import Sequential
from kerax.layers import Dense, Dropout, Activation
from kerax.layers import Embedding
from kerax.layers import Conv1D, GlobalMaxPooling1D
from kerax.datasets import imdb

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=2)
parser.add_argument("--verbose", type=int, default=1)
args = parser.parse_args()

# set parameters:
max_features = 5000
maxlen = 400
batch_size = 32
embedding_dims = 50
filters = 250
kernel_size = 3
hidden_dims = 250
epochs = args.epochs

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

# we start off with an efficient embedding layer which maps
# our vocab indices into embedding_dims dimensions
model.add(Embedding(max_features,
                    embedding_dims,
                    input_length=maxlen))
model.add(Dropout(0.2))

# we add a Convolution1D, which will learn filters
# word group filters of size filter_length:
model.add(Conv1D(filters,
                 kernel_size,
                 padding='valid',
                 activation='relu',
                 strides=1))
# we use max pooling:
model.add(GlobalMaxPooling1D())

# We add a vanilla hidden layer:
model.add(Dense(hidden_dims))
model.add(Dropout(0.2))
model.add(Activation('relu'))

# We project onto a single unit output layer, and squash it with a sigmoid:
model.add(Dense(1))
model.add(Activation('sigmoid'))

model.compile(loss='binary_crossentropy',
              optimizer='adam',
              metrics=['accuracy'])
model.fit(x_train, y_train,
          batch_size=batch_size,
          epochs=epochs,
          verbose=args.verbose,
          validation_data=(x_test, y_test))
score = model.evaluate(x_test, y_test, verbose=0)
print('Test loss:', score[0])
print('Test accuracy:', score[1])
