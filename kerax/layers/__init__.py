"""Layers (Keras's `keras.layers`)."""

from kerax.layers.core.dense import Dense
from kerax.layers.core.input_layer import Input, InputLayer
from kerax.layers.input_spec import InputSpec
from kerax.layers.layer import Layer
from kerax.layers.activations.activation import Activation
from kerax.layers.core.einsum_dense import EinsumDense
from kerax.layers.core.embedding import Embedding
from kerax.layers.core.identity import Identity
from kerax.layers.core.lambda_layer import Lambda
from kerax.layers.core.masking import Masking
from kerax.layers.normalization.batch_normalization import BatchNormalization
from kerax.layers.normalization.layer_normalization import LayerNormalization
from kerax.layers.regularization.activity_regularization import (
    ActivityRegularization,
)
from kerax.layers.regularization.dropout import Dropout
from kerax.layers.reshaping.flatten import Flatten
from kerax.layers.reshaping.reshape import Reshape
# Attention, normalization, regularization and activation layers.
from kerax.layers.activations.elu import ELU
from kerax.layers.activations.leaky_relu import LeakyReLU
from kerax.layers.activations.prelu import PReLU
from kerax.layers.activations.relu import ReLU
from kerax.layers.activations.softmax import Softmax
from kerax.layers.activations.thresholded_relu import ThresholdedReLU
from kerax.layers.attention.additive_attention import AdditiveAttention
from kerax.layers.attention.attention import Attention
from kerax.layers.attention.grouped_query_attention import (
    GroupedQueryAttention,
)
from kerax.layers.attention.grouped_query_attention import (
    GroupedQueryAttention as GroupQueryAttention,
)
from kerax.layers.attention.multi_head_attention import MultiHeadAttention
from kerax.layers.normalization.group_normalization import GroupNormalization
from kerax.layers.normalization.rms_normalization import RMSNormalization
from kerax.layers.normalization.spectral_normalization import (
    SpectralNormalization,
)
from kerax.layers.normalization.unit_normalization import UnitNormalization
from kerax.layers.regularization.alpha_dropout import AlphaDropout
from kerax.layers.regularization.gaussian_dropout import GaussianDropout
from kerax.layers.regularization.gaussian_noise import GaussianNoise
from kerax.layers.regularization.spatial_dropout1d import SpatialDropout1D
from kerax.layers.regularization.spatial_dropout2d import SpatialDropout2D
from kerax.layers.regularization.spatial_dropout3d import SpatialDropout3D
from kerax.layers.rnn.bidirectional import Bidirectional
from kerax.layers.rnn.conv_lstm1d import ConvLSTM1D
from kerax.layers.rnn.conv_lstm2d import ConvLSTM2D
from kerax.layers.rnn.conv_lstm3d import ConvLSTM3D
from kerax.layers.rnn.conv_lstm_cell import ConvLSTMCell
from kerax.layers.rnn.cudnn_gru import CuDNNGRU
from kerax.layers.rnn.cudnn_lstm import CuDNNLSTM
from kerax.layers.rnn.gru import GRU
from kerax.layers.rnn.gru_cell import GRUCell
from kerax.layers.rnn.lstm import LSTM
from kerax.layers.rnn.lstm_cell import LSTMCell
from kerax.layers.rnn.rnn import RNN
from kerax.layers.rnn.simple_rnn import SimpleRNN
from kerax.layers.rnn.simple_rnn_cell import SimpleRNNCell
from kerax.layers.rnn.stacked_rnn_cells import StackedRNNCells
from kerax.layers.rnn.time_distributed import TimeDistributed
# Preprocessing layers.
from kerax.layers.preprocessing.category_encoding import CategoryEncoding
from kerax.layers.preprocessing.center_crop import CenterCrop
from kerax.layers.preprocessing.discretization import Discretization
from kerax.layers.preprocessing.hashing import Hashing
from kerax.layers.preprocessing.integer_lookup import IntegerLookup
from kerax.layers.preprocessing.normalization import Normalization
from kerax.layers.preprocessing.random_brightness import RandomBrightness
from kerax.layers.preprocessing.random_contrast import RandomContrast
from kerax.layers.preprocessing.random_crop import RandomCrop
from kerax.layers.preprocessing.random_flip import RandomFlip
from kerax.layers.preprocessing.random_rotation import RandomRotation
from kerax.layers.preprocessing.random_translation import RandomTranslation
from kerax.layers.preprocessing.random_zoom import RandomZoom
from kerax.layers.preprocessing.rescaling import Rescaling
from kerax.layers.preprocessing.resizing import Resizing
from kerax.layers.preprocessing.string_lookup import StringLookup
from kerax.layers.preprocessing.text_vectorization import TextVectorization
# Convolution, pooling, reshaping and merging layers (+ Keras 2 aliases).
from kerax.layers.convolutional.conv1d import Conv1D
from kerax.layers.convolutional.conv1d import Conv1D as Convolution1D
from kerax.layers.convolutional.conv1d_transpose import Conv1DTranspose
from kerax.layers.convolutional.conv1d_transpose import (
    Conv1DTranspose as Convolution1DTranspose,
)
from kerax.layers.convolutional.conv2d import Conv2D
from kerax.layers.convolutional.conv2d import Conv2D as Convolution2D
from kerax.layers.convolutional.conv2d_transpose import Conv2DTranspose
from kerax.layers.convolutional.conv2d_transpose import (
    Conv2DTranspose as Convolution2DTranspose,
)
from kerax.layers.convolutional.conv2d_transpose import (
    Conv2DTranspose as Deconvolution2D,
)
from kerax.layers.convolutional.conv3d import Conv3D
from kerax.layers.convolutional.conv3d import Conv3D as Convolution3D
from kerax.layers.convolutional.conv3d_transpose import Conv3DTranspose
from kerax.layers.convolutional.conv3d_transpose import (
    Conv3DTranspose as Convolution3DTranspose,
)
from kerax.layers.convolutional.conv3d_transpose import (
    Conv3DTranspose as Deconvolution3D,
)
from kerax.layers.convolutional.depthwise_conv1d import DepthwiseConv1D
from kerax.layers.convolutional.depthwise_conv2d import DepthwiseConv2D
from kerax.layers.convolutional.locally_connected1d import LocallyConnected1D
from kerax.layers.convolutional.locally_connected2d import LocallyConnected2D
from kerax.layers.convolutional.separable_conv1d import SeparableConv1D
from kerax.layers.convolutional.separable_conv1d import (
    SeparableConv1D as SeparableConvolution1D,
)
from kerax.layers.convolutional.separable_conv2d import SeparableConv2D
from kerax.layers.convolutional.separable_conv2d import (
    SeparableConv2D as SeparableConvolution2D,
)
from kerax.layers.pooling.adaptive_average_pooling1d import (
    AdaptiveAveragePooling1D,
)
from kerax.layers.pooling.adaptive_average_pooling2d import (
    AdaptiveAveragePooling2D,
)
from kerax.layers.pooling.adaptive_average_pooling3d import (
    AdaptiveAveragePooling3D,
)
from kerax.layers.pooling.adaptive_max_pooling1d import AdaptiveMaxPooling1D
from kerax.layers.pooling.adaptive_max_pooling2d import AdaptiveMaxPooling2D
from kerax.layers.pooling.adaptive_max_pooling3d import AdaptiveMaxPooling3D
from kerax.layers.pooling.average_pooling1d import AveragePooling1D
from kerax.layers.pooling.average_pooling1d import (
    AveragePooling1D as AvgPool1D,
)
from kerax.layers.pooling.average_pooling2d import AveragePooling2D
from kerax.layers.pooling.average_pooling2d import (
    AveragePooling2D as AvgPool2D,
)
from kerax.layers.pooling.average_pooling3d import AveragePooling3D
from kerax.layers.pooling.average_pooling3d import (
    AveragePooling3D as AvgPool3D,
)
from kerax.layers.pooling.global_average_pooling1d import (
    GlobalAveragePooling1D,
)
from kerax.layers.pooling.global_average_pooling1d import (
    GlobalAveragePooling1D as GlobalAvgPool1D,
)
from kerax.layers.pooling.global_average_pooling2d import (
    GlobalAveragePooling2D,
)
from kerax.layers.pooling.global_average_pooling2d import (
    GlobalAveragePooling2D as GlobalAvgPool2D,
)
from kerax.layers.pooling.global_average_pooling3d import (
    GlobalAveragePooling3D,
)
from kerax.layers.pooling.global_average_pooling3d import (
    GlobalAveragePooling3D as GlobalAvgPool3D,
)
from kerax.layers.pooling.global_max_pooling1d import GlobalMaxPooling1D
from kerax.layers.pooling.global_max_pooling1d import (
    GlobalMaxPooling1D as GlobalMaxPool1D,
)
from kerax.layers.pooling.global_max_pooling2d import GlobalMaxPooling2D
from kerax.layers.pooling.global_max_pooling2d import (
    GlobalMaxPooling2D as GlobalMaxPool2D,
)
from kerax.layers.pooling.global_max_pooling3d import GlobalMaxPooling3D
from kerax.layers.pooling.global_max_pooling3d import (
    GlobalMaxPooling3D as GlobalMaxPool3D,
)
from kerax.layers.pooling.max_pooling1d import MaxPooling1D
from kerax.layers.pooling.max_pooling1d import MaxPooling1D as MaxPool1D
from kerax.layers.pooling.max_pooling2d import MaxPooling2D
from kerax.layers.pooling.max_pooling2d import MaxPooling2D as MaxPool2D
from kerax.layers.pooling.max_pooling3d import MaxPooling3D
from kerax.layers.pooling.max_pooling3d import MaxPooling3D as MaxPool3D
from kerax.layers.reshaping.cropping1d import Cropping1D
from kerax.layers.reshaping.cropping2d import Cropping2D
from kerax.layers.reshaping.cropping3d import Cropping3D
from kerax.layers.reshaping.permute import Permute
from kerax.layers.reshaping.repeat_vector import RepeatVector
from kerax.layers.reshaping.up_sampling1d import UpSampling1D
from kerax.layers.reshaping.up_sampling2d import UpSampling2D
from kerax.layers.reshaping.up_sampling3d import UpSampling3D
from kerax.layers.reshaping.zero_padding1d import ZeroPadding1D
from kerax.layers.reshaping.zero_padding2d import ZeroPadding2D
from kerax.layers.reshaping.zero_padding3d import ZeroPadding3D
from kerax.layers.merging.add import Add, add
from kerax.layers.merging.average import Average, average
from kerax.layers.merging.base_merge import Merge
from kerax.layers.merging.concatenate import Concatenate, concatenate
from kerax.layers.merging.dot import Dot, dot
from kerax.layers.merging.maximum import Maximum, maximum
from kerax.layers.merging.minimum import Minimum, minimum
from kerax.layers.merging.multiply import Multiply, multiply
from kerax.layers.merging.subtract import Subtract, subtract
