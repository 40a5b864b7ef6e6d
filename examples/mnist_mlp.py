"""The classic Keras MNIST MLP, with `keras` renamed to `kerax`.

Dense 512-512-10 with dropout 0.2, RMSprop, batch 128, 20 epochs: reaches
about 98.2-98.4% test accuracy.

Run: `python examples/mnist_mlp.py [--epochs N]`
"""

import argparse

import _data_dir  # noqa: F401  (offline copies of the datasets)

import kerax
from kerax.datasets import mnist
from kerax.layers import Dense, Dropout
from kerax.models import Sequential
from kerax.optimizers import RMSprop

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=20)
parser.add_argument("--verbose", type=int, default=1)
args = parser.parse_args()

batch_size = 128
num_classes = 10

(x_train, y_train), (x_test, y_test) = mnist.load_data()
x_train = x_train.reshape(60000, 784).astype("float32") / 255
x_test = x_test.reshape(10000, 784).astype("float32") / 255
print(x_train.shape[0], "train samples")
print(x_test.shape[0], "test samples")

y_train = kerax.utils.to_categorical(y_train, num_classes)
y_test = kerax.utils.to_categorical(y_test, num_classes)

model = Sequential()
model.add(Dense(512, activation="relu", input_shape=(784,)))
model.add(Dropout(0.2))
model.add(Dense(512, activation="relu"))
model.add(Dropout(0.2))
model.add(Dense(num_classes, activation="softmax"))
model.summary()

model.compile(loss="categorical_crossentropy", optimizer=RMSprop(),
              metrics=["accuracy"])
history = model.fit(x_train, y_train, batch_size=batch_size,
                    epochs=args.epochs, verbose=args.verbose,
                    validation_data=(x_test, y_test))
score = model.evaluate(x_test, y_test, verbose=0)
print("Test loss:", score[0])
print("Test accuracy:", score[1])
