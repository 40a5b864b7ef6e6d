"""Callbacks (Keras's `keras.callbacks`): hooks into fit/evaluate/predict."""

from kerax.callbacks.backup_and_restore import BackupAndRestore
from kerax.callbacks.base_logger import BaseLogger
from kerax.callbacks.callback import Callback
from kerax.callbacks.callback_list import CallbackList
from kerax.callbacks.csv_logger import CSVLogger
from kerax.callbacks.early_stopping import EarlyStopping
from kerax.callbacks.history import History
from kerax.callbacks.lambda_callback import LambdaCallback
from kerax.callbacks.learning_rate_scheduler import LearningRateScheduler
from kerax.callbacks.model_checkpoint import ModelCheckpoint
from kerax.callbacks.orbax_checkpoint import OrbaxCheckpoint
from kerax.callbacks.progbar_logger import ProgbarLogger
from kerax.callbacks.reduce_lr_on_plateau import ReduceLROnPlateau
from kerax.callbacks.remote_monitor import RemoteMonitor
from kerax.callbacks.swap_ema_weights import SwapEMAWeights
from kerax.callbacks.tensorboard import TensorBoard
from kerax.callbacks.terminate_on_nan import TerminateOnNaN

__all__ = [
    "BackupAndRestore",
    "BaseLogger",
    "CSVLogger",
    "Callback",
    "CallbackList",
    "EarlyStopping",
    "History",
    "LambdaCallback",
    "LearningRateScheduler",
    "ModelCheckpoint",
    "OrbaxCheckpoint",
    "ProgbarLogger",
    "ReduceLROnPlateau",
    "RemoteMonitor",
    "SwapEMAWeights",
    "TensorBoard",
    "TerminateOnNaN",
]
