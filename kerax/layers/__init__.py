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
