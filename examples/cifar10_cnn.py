"""The classic Keras 2 `cifar10_cnn.py` example, `keras` renamed to `kerax`.

Trains a simple deep CNN on the CIFAR-10 small images dataset:
(Conv32-same, Conv32, MaxPool, Dropout) x (Conv64-same, Conv64, MaxPool,
Dropout), Dense512, Dropout, Dense10 softmax; RMSprop(learning_rate=1e-4,
decay=1e-6), batch 32, 100 epochs, real-time data augmentation with
`ImageDataGenerator` (shifts of 0.1, horizontal flips) fed through
`model.fit_generator(..., workers=4)`; the trained model is saved as a
Keras 2 HDF5 file, `saved_models/keras_cifar10_trained_model.h5` under the
current directory. The Keras 2 docstring: "It gets to 75% validation
accuracy in 25 epochs, and 79% after 50 epochs" (on all 50000 training
images). One augmented epoch on the 20000 offline images gave 0.343 on the
1000 offline test images (kerax, CPU).

Data: `cifar10.load_data()` as in the original. When no full CIFAR-10 copy
is found and it cannot be downloaded (offline), the example falls back to
the partial offline copy in `$KERAX_DATA_DIR/cifar10/` (20000 training
images, the first 1000 test images; see `_cifar10_partial.py`) after about
10 s of failed download retries, so scores are on those 1000 test images.

Run: `python examples/cifar10_cnn.py [--epochs N] [--no-augmentation]
[--train-samples N] [--verbose 0|1|2]` (100 epochs are hours on a CPU:
`--epochs 1` for a quick check).
"""

# ruff: noqa: I001, UP031  (kept as in the Keras 2 original)

import argparse
import os

import _data_dir  # noqa: F401  (offline copies of the datasets)

import kerax
from kerax.datasets import cifar10
from kerax.preprocessing.image import ImageDataGenerator
from kerax.models import Sequential
from kerax.layers import Dense, Dropout, Activation, Flatten
from kerax.layers import Conv2D, MaxPooling2D

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=100)
parser.add_argument("--no-augmentation", action="store_true",
                    help="train on the plain images (Keras 2's "
                         "data_augmentation = False)")
parser.add_argument("--train-samples", type=int, default=None,
                    help="train on the first N training images only")
parser.add_argument("--verbose", type=int, default=1)
args = parser.parse_args()

batch_size = 32
num_classes = 10
epochs = args.epochs
data_augmentation = not args.no_augmentation
num_predictions = 20
save_dir = os.path.join(os.getcwd(), 'saved_models')
model_name = 'keras_cifar10_trained_model.h5'

# The data, split between train and test sets:
try:
    (x_train, y_train), (x_test, y_test) = cifar10.load_data()
except OSError as err:  # offline, no full copy: use the partial one
    import _cifar10_partial

    print('cifar10.load_data() failed (%s); using the partial offline copy '
          'in $KERAX_DATA_DIR/cifar10.' % type(err).__name__)
    (x_train, y_train), (x_test, y_test) = _cifar10_partial.load_data()
if args.train_samples is not None:
    x_train = x_train[:args.train_samples]
    y_train = y_train[:args.train_samples]
print('x_train shape:', x_train.shape)
print(x_train.shape[0], 'train samples')
print(x_test.shape[0], 'test samples')

# Convert class vectors to binary class matrices.
y_train = kerax.utils.to_categorical(y_train, num_classes)
y_test = kerax.utils.to_categorical(y_test, num_classes)

model = Sequential()
model.add(Conv2D(32, (3, 3), padding='same',
                 input_shape=x_train.shape[1:]))
model.add(Activation('relu'))
model.add(Conv2D(32, (3, 3)))
model.add(Activation('relu'))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Dropout(0.25))

model.add(Conv2D(64, (3, 3), padding='same'))
model.add(Activation('relu'))
model.add(Conv2D(64, (3, 3)))
model.add(Activation('relu'))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Dropout(0.25))

model.add(Flatten())
model.add(Dense(512))
model.add(Activation('relu'))
model.add(Dropout(0.5))
model.add(Dense(num_classes))
model.add(Activation('softmax'))

# initiate RMSprop optimizer
opt = kerax.optimizers.RMSprop(learning_rate=0.0001, decay=1e-6)

# Let's train the model using RMSprop
model.compile(loss='categorical_crossentropy',
              optimizer=opt,
              metrics=['accuracy'])

x_train = x_train.astype('float32')
x_test = x_test.astype('float32')
x_train /= 255
x_test /= 255

if not data_augmentation:
    print('Not using data augmentation.')
    model.fit(x_train, y_train,
              batch_size=batch_size,
              epochs=epochs,
              verbose=args.verbose,
              validation_data=(x_test, y_test),
              shuffle=True)
else:
    print('Using real-time data augmentation.')
    # This will do preprocessing and realtime data augmentation:
    datagen = ImageDataGenerator(
        featurewise_center=False,  # set input mean to 0 over the dataset
        samplewise_center=False,  # set each sample mean to 0
        featurewise_std_normalization=False,  # divide inputs by std of the dataset
        samplewise_std_normalization=False,  # divide each input by its std
        zca_whitening=False,  # apply ZCA whitening
        zca_epsilon=1e-06,  # epsilon for ZCA whitening
        rotation_range=0,  # randomly rotate images in the range (degrees, 0 to 180)
        # randomly shift images horizontally (fraction of total width)
        width_shift_range=0.1,
        # randomly shift images vertically (fraction of total height)
        height_shift_range=0.1,
        shear_range=0.,  # set range for random shear
        zoom_range=0.,  # set range for random zoom
        channel_shift_range=0.,  # set range for random channel shifts
        # set mode for filling points outside the input boundaries
        fill_mode='nearest',
        cval=0.,  # value used for fill_mode = "constant"
        horizontal_flip=True,  # randomly flip images
        vertical_flip=False,  # randomly flip images
        # set rescaling factor (applied before any other transformation)
        rescale=None,
        # set function that will be applied on each input
        preprocessing_function=None,
        # image data format, either "channels_first" or "channels_last"
        data_format=None,
        # fraction of images reserved for validation (strictly between 0 and 1)
        validation_split=0.0)

    # Compute quantities required for feature-wise normalization
    # (std, mean, and principal components if ZCA whitening is applied).
    datagen.fit(x_train)

    # Fit the model on the batches generated by datagen.flow().
    model.fit_generator(datagen.flow(x_train, y_train,
                                     batch_size=batch_size),
                        epochs=epochs,
                        verbose=args.verbose,
                        validation_data=(x_test, y_test),
                        workers=4)

# Save model and weights
if not os.path.isdir(save_dir):
    os.makedirs(save_dir)
model_path = os.path.join(save_dir, model_name)
model.save(model_path)
print('Saved trained model at %s ' % model_path)

# Score trained model.
scores = model.evaluate(x_test, y_test, verbose=args.verbose)
print('Test loss:', scores[0])
print('Test accuracy:', scores[1])
