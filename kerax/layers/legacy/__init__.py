"""Keras 1 layers that Keras 2.3.1 still exported from `keras.layers`
(`Highway`, `MaxoutDense`, `AtrousConvolution1D/2D`), its `Wrapper` base
and its 2D convolutional-recurrent names; all are exported from
`kerax.layers`."""
