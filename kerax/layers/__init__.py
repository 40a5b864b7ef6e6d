"""Layers (Keras's `keras.layers`)."""

from kerax.core.lazy_exports import lazy_exports
from kerax.layers.core.input_layer import Input, InputLayer
from kerax.layers.input_spec import InputSpec
from kerax.layers.layer import Layer

# Public names and the modules defining them, imported on first use
# (see kerax.core.lazy_exports).
_EXPORTS = {
    ".layer_serialization": "serialize deserialize",
    ".core.dense": "Dense",
    ".activations.activation": "Activation",
    ".core.einsum_dense": "EinsumDense",
    ".core.embedding": "Embedding",
    ".core.identity": "Identity",
    ".core.jax_layer": "JaxLayer",
    ".core.flax_layer": "FlaxLayer",
    ".core.reversible_embedding": "ReversibleEmbedding",
    ".core.lambda_layer": "Lambda",
    ".core.masking": "Masking",
    ".normalization.batch_normalization": "BatchNormalization",
    ".normalization.layer_normalization": "LayerNormalization",
    ".regularization.activity_regularization": "ActivityRegularization",
    ".regularization.dropout": "Dropout",
    ".reshaping.flatten": "Flatten",
    ".reshaping.reshape": "Reshape",
    ".activations.elu": "ELU",
    ".activations.leaky_relu": "LeakyReLU",
    ".activations.prelu": "PReLU",
    ".activations.relu": "ReLU",
    ".activations.softmax": "Softmax",
    ".activations.thresholded_relu": "ThresholdedReLU",
    ".attention.additive_attention": "AdditiveAttention",
    ".attention.attention": "Attention",
    ".attention.grouped_query_attention": (
        "GroupedQueryAttention GroupQueryAttention=GroupedQueryAttention"
    ),
    ".attention.multi_head_attention": "MultiHeadAttention",
    ".normalization.group_normalization": "GroupNormalization",
    ".normalization.rms_normalization": "RMSNormalization",
    ".normalization.spectral_normalization": "SpectralNormalization",
    ".normalization.unit_normalization": "UnitNormalization",
    ".regularization.alpha_dropout": "AlphaDropout",
    ".regularization.gaussian_dropout": "GaussianDropout",
    ".regularization.gaussian_noise": "GaussianNoise",
    ".regularization.spatial_dropout1d": "SpatialDropout1D",
    ".regularization.spatial_dropout2d": "SpatialDropout2D",
    ".regularization.spatial_dropout3d": "SpatialDropout3D",
    ".rnn.bidirectional": "Bidirectional",
    ".rnn.conv_lstm1d": "ConvLSTM1D",
    ".rnn.conv_lstm2d": "ConvLSTM2D",
    ".rnn.conv_lstm3d": "ConvLSTM3D",
    ".rnn.conv_lstm_cell": "ConvLSTMCell",
    ".rnn.cudnn_gru": "CuDNNGRU",
    ".rnn.cudnn_lstm": "CuDNNLSTM",
    ".rnn.gru": "GRU",
    ".rnn.gru_cell": "GRUCell",
    ".rnn.lstm": "LSTM",
    ".rnn.lstm_cell": "LSTMCell",
    ".rnn.rnn": "RNN",
    ".rnn.simple_rnn": "SimpleRNN",
    ".rnn.simple_rnn_cell": "SimpleRNNCell",
    ".rnn.stacked_rnn_cells": "StackedRNNCells",
    ".rnn.time_distributed": "TimeDistributed",
    ".preprocessing.category_encoding": "CategoryEncoding",
    ".preprocessing.center_crop": "CenterCrop",
    ".preprocessing.discretization": "Discretization",
    ".preprocessing.hashing": "Hashing",
    ".preprocessing.hashed_crossing": "HashedCrossing",
    ".preprocessing.integer_lookup": "IntegerLookup",
    ".preprocessing.mel_spectrogram": "MelSpectrogram",
    ".preprocessing.normalization": "Normalization",
    ".preprocessing.random_brightness": "RandomBrightness",
    ".preprocessing.random_contrast": "RandomContrast",
    ".preprocessing.random_crop": "RandomCrop",
    ".preprocessing.random_flip": "RandomFlip",
    ".preprocessing.random_rotation": "RandomRotation",
    ".preprocessing.random_translation": "RandomTranslation",
    ".preprocessing.random_zoom": "RandomZoom",
    ".preprocessing.random_perspective": "RandomPerspective",
    ".preprocessing.random_shear": "RandomShear",
    ".preprocessing.max_num_bounding_boxes": "MaxNumBoundingBoxes",
    ".preprocessing.rescaling": "Rescaling",
    ".preprocessing.resizing": "Resizing",
    ".preprocessing.stft_spectrogram": "STFTSpectrogram",
    ".preprocessing.string_lookup": "StringLookup",
    ".preprocessing.text_vectorization": "TextVectorization",
    ".preprocessing.aug_mix": "AugMix",
    ".preprocessing.auto_contrast": "AutoContrast",
    ".preprocessing.cut_mix": "CutMix",
    ".preprocessing.mix_up": "MixUp",
    ".preprocessing.pipeline": "Pipeline",
    ".preprocessing.rand_augment": "RandAugment",
    ".preprocessing.random_color_jitter": "RandomColorJitter",
    ".preprocessing.clahe": "ContrastLimitedAdaptiveHistogramEqualization",
    ".preprocessing.equalization": "Equalization",
    ".preprocessing.random_color_degeneration": "RandomColorDegeneration",
    ".preprocessing.random_elastic_transform": "RandomElasticTransform",
    ".preprocessing.random_erasing": "RandomErasing",
    ".preprocessing.random_gaussian_blur": "RandomGaussianBlur",
    ".preprocessing.random_grayscale": "RandomGrayscale",
    ".preprocessing.random_hue": "RandomHue",
    ".preprocessing.random_invert": "RandomInvert",
    ".preprocessing.random_posterization": "RandomPosterization",
    ".preprocessing.random_saturation": "RandomSaturation",
    ".preprocessing.random_sharpness": "RandomSharpness",
    ".preprocessing.solarization": "Solarization",
    ".convolutional.conv1d": "Conv1D Convolution1D=Conv1D",
    ".convolutional.conv1d_transpose": (
        "Conv1DTranspose Convolution1DTranspose=Conv1DTranspose"
    ),
    ".convolutional.conv2d": "Conv2D Convolution2D=Conv2D",
    ".convolutional.conv2d_transpose": (
        "Conv2DTranspose Convolution2DTranspose=Conv2DTranspose "
        "Deconvolution2D=Conv2DTranspose"
    ),
    ".convolutional.conv3d": "Conv3D Convolution3D=Conv3D",
    ".convolutional.conv3d_transpose": (
        "Conv3DTranspose Convolution3DTranspose=Conv3DTranspose "
        "Deconvolution3D=Conv3DTranspose"
    ),
    ".convolutional.depthwise_conv1d": "DepthwiseConv1D",
    ".convolutional.depthwise_conv2d": "DepthwiseConv2D",
    ".convolutional.locally_connected1d": "LocallyConnected1D",
    ".convolutional.locally_connected2d": "LocallyConnected2D",
    ".convolutional.separable_conv1d": (
        "SeparableConv1D SeparableConvolution1D=SeparableConv1D"
    ),
    ".convolutional.separable_conv2d": (
        "SeparableConv2D SeparableConvolution2D=SeparableConv2D"
    ),
    ".pooling.adaptive_average_pooling1d": "AdaptiveAveragePooling1D",
    ".pooling.adaptive_average_pooling2d": "AdaptiveAveragePooling2D",
    ".pooling.adaptive_average_pooling3d": "AdaptiveAveragePooling3D",
    ".pooling.adaptive_max_pooling1d": "AdaptiveMaxPooling1D",
    ".pooling.adaptive_max_pooling2d": "AdaptiveMaxPooling2D",
    ".pooling.adaptive_max_pooling3d": "AdaptiveMaxPooling3D",
    ".pooling.average_pooling1d": "AveragePooling1D AvgPool1D=AveragePooling1D",
    ".pooling.average_pooling2d": "AveragePooling2D AvgPool2D=AveragePooling2D",
    ".pooling.average_pooling3d": "AveragePooling3D AvgPool3D=AveragePooling3D",
    ".pooling.global_average_pooling1d": (
        "GlobalAveragePooling1D GlobalAvgPool1D=GlobalAveragePooling1D"
    ),
    ".pooling.global_average_pooling2d": (
        "GlobalAveragePooling2D GlobalAvgPool2D=GlobalAveragePooling2D"
    ),
    ".pooling.global_average_pooling3d": (
        "GlobalAveragePooling3D GlobalAvgPool3D=GlobalAveragePooling3D"
    ),
    ".pooling.global_max_pooling1d": (
        "GlobalMaxPooling1D GlobalMaxPool1D=GlobalMaxPooling1D"
    ),
    ".pooling.global_max_pooling2d": (
        "GlobalMaxPooling2D GlobalMaxPool2D=GlobalMaxPooling2D"
    ),
    ".pooling.global_max_pooling3d": (
        "GlobalMaxPooling3D GlobalMaxPool3D=GlobalMaxPooling3D"
    ),
    ".pooling.max_pooling1d": "MaxPooling1D MaxPool1D=MaxPooling1D",
    ".pooling.max_pooling2d": "MaxPooling2D MaxPool2D=MaxPooling2D",
    ".pooling.max_pooling3d": "MaxPooling3D MaxPool3D=MaxPooling3D",
    ".reshaping.cropping1d": "Cropping1D",
    ".reshaping.cropping2d": "Cropping2D",
    ".reshaping.cropping3d": "Cropping3D",
    ".reshaping.permute": "Permute",
    ".reshaping.repeat_vector": "RepeatVector",
    ".reshaping.up_sampling1d": "UpSampling1D",
    ".reshaping.up_sampling2d": "UpSampling2D",
    ".reshaping.up_sampling3d": "UpSampling3D",
    ".reshaping.zero_padding1d": "ZeroPadding1D",
    ".reshaping.zero_padding2d": "ZeroPadding2D",
    ".reshaping.zero_padding3d": "ZeroPadding3D",
    ".merging.add": "Add add",
    ".merging.average": "Average average",
    ".merging.base_merge": "Merge",
    ".merging.concatenate": "Concatenate concatenate",
    ".merging.dot": "Dot dot",
    ".merging.maximum": "Maximum maximum",
    ".merging.minimum": "Minimum minimum",
    ".merging.multiply": "Multiply multiply",
    ".merging.subtract": "Subtract subtract",
    ".legacy.atrous": "AtrousConvolution1D AtrousConvolution2D",
    ".legacy.conv_rnn2d": "ConvLSTM2DCell ConvRNN2D",
    ".legacy.highway": "Highway",
    ".legacy.maxout_dense": "MaxoutDense",
    ".legacy.wrapper": "Wrapper",
    "kerax.core.object_codec": "deserialize_keras_object",
}

__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)

