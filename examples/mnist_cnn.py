"""The classic Keras MNIST CNN (Keras 2 era), with `keras` renamed to `kerax`.

Conv32-Conv64-MaxPool-Dropout-Dense128-Dropout-Dense10, Adadelta with Keras
2's lr=1.0, batch 128, 12 epochs: reaches about 99.1-99.2% test accuracy.

Run: `python examples/mnist_cnn.py [--epochs N]`
"""

import argparse

import _data_dir  # noqa: F401  (offline copies of the datasets)

import kerax
from kerax import backend
from kerax.datasets import mnist
from kerax.layers import Conv2D, Dense, Dropout, Flatten, MaxPooling2D
from kerax.models import Sequential

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=12)
parser.add_argument("--verbose", type=int, default=1)
args = parser.parse_args()

batch_size = 128
num_classes = 10
img_rows, img_cols = 28, 28

(x_train, y_train), (x_test, y_test) = mnist.load_data()
if backend.image_data_format() == "channels_first":
    x_train = x_train.reshape(x_train.shape[0], 1, img_rows, img_cols)
    x_test = x_test.reshape(x_test.shape[0], 1, img_rows, img_cols)
    input_shape = (1, img_rows, img_cols)
else:
    x_train = x_train.reshape(x_train.shape[0], img_rows, img_cols, 1)
    x_test = x_test.reshape(x_test.shape[0], img_rows, img_cols, 1)
    input_shape = (img_rows, img_cols, 1)
x_train = x_train.astype("float32") / 255
x_test = x_test.astype("float32") / 255
print("x_train shape:", x_train.shape)

y_train = kerax.utils.to_categorical(y_train, num_classes)
y_test = kerax.utils.to_categorical(y_test, num_classes)

model = Sequential()
model.add(Conv2D(32, kernel_size=(3, 3), activation="relu",
                 input_shape=input_shape))
model.add(Conv2D(64, (3, 3), activation="relu"))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Dropout(0.25))
model.add(Flatten())
model.add(Dense(128, activation="relu"))
model.add(Dropout(0.5))
model.add(Dense(num_classes, activation="softmax"))

model.compile(loss=kerax.losses.categorical_crossentropy,
              optimizer=kerax.optimizers.Adadelta(lr=1.0, rho=0.95,
                                                  epsilon=None),
              metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=batch_size, epochs=args.epochs,
          verbose=args.verbose, validation_data=(x_test, y_test))
score = model.evaluate(x_test, y_test, verbose=0)
print("Test loss:", score[0])
print("Test accuracy:", score[1])
