"""`Distiller`: trains a student on labels and on a frozen teacher."""

from kerax import metrics, ops, tree
from kerax.distillation.distillation_loss import loss_from_identifier
from kerax.models.model import Model

_FINAL = "final_output"


class Distiller(Model):
    """A model whose training loss mixes the student's supervised loss with
    distillation losses against a frozen teacher:

    `total = w * student_loss + (1 - w) * sum_i(weight_i * distillation_i)`

    with `w = student_loss_weight`. Calling the distiller runs the student;
    `distiller.student` is the trained model. Logs hold `loss` (the total),
    `student_loss`, `distillation_loss` and `total_loss`.

    Args:
        teacher: a trained `Model`; frozen here (`trainable = False`).
        student: the `Model` to train.
        distillation_losses: a `DistillationLoss` or a list of them.
        distillation_loss_weights: one weight per loss (default all 1.0).
        student_loss_weight: `w` above, in [0, 1] (default 0.5).
        name: the model's name (default `"distiller"`).

    >>> import kerax, numpy as np
    >>> def mlp(units):
    ...     return kerax.Sequential([kerax.Input((4,)),
    ...                              kerax.layers.Dense(units, "relu"),
    ...                              kerax.layers.Dense(3)])
    >>> distiller = kerax.distillation.Distiller(
    ...     mlp(16), mlp(4), kerax.distillation.LogitsDistillation())
    >>> distiller.compile("adam", loss="sparse_categorical_crossentropy")
    >>> logs = distiller.fit(np.ones((8, 4)), np.zeros(8), verbose=0)
    >>> sorted(logs.history)
    ['distillation_loss', 'loss', 'student_loss', 'total_loss']
    """

    def __new__(cls, teacher, student, distillation_losses,
                distillation_loss_weights=None, student_loss_weight=0.5,
                name="distiller", **kwargs):
        # Two models as positional arguments are not `Model(inputs,
        # outputs)`: the constructor below decides, as in Keras.
        return Model.__new__(cls)

    def __init__(self, teacher, student, distillation_losses,
                 distillation_loss_weights=None, student_loss_weight=0.5,
                 name="distiller", **kwargs):
        super().__init__(name=name, **kwargs)
        for role, model in (("teacher", teacher), ("student", student)):
            if not isinstance(model, Model):
                raise ValueError(
                    f"Distiller: `{role}` must be a kerax Model; received "
                    f"{type(model).__name__}."
                )
        self.teacher = teacher
        self.student = student
        if isinstance(student_loss_weight, bool) or not isinstance(
                student_loss_weight, (int, float)):
            raise ValueError(
                "Distiller: `student_loss_weight` must be a number; "
                f"received {student_loss_weight!r}."
            )
        if not 0.0 <= student_loss_weight <= 1.0:
            raise ValueError(
                "Distiller: `student_loss_weight` must be in [0, 1]; "
                f"received {student_loss_weight}."
            )
        self.student_loss_weight = student_loss_weight
        if distillation_losses is None:
            raise ValueError(
                "Distiller: `distillation_losses` must be a DistillationLoss "
                "(e.g. LogitsDistillation) or a list of them; received None."
            )
        if isinstance(distillation_losses, (list, tuple)):
            self.distillation_losses = list(distillation_losses)
            if distillation_loss_weights is None:
                distillation_loss_weights = [1.0] * len(distillation_losses)
            elif len(distillation_loss_weights) != len(distillation_losses):
                raise ValueError(
                    "Distiller: one weight per distillation loss is needed; "
                    f"received {len(distillation_loss_weights)} weights for "
                    f"{len(distillation_losses)} losses."
                )
            self.distillation_loss_weights = list(distillation_loss_weights)
        else:
            self.distillation_losses = [distillation_losses]
            self.distillation_loss_weights = [1.0]
        for loss in self.distillation_losses:
            loss.validate_model_compatibility(teacher, student)
        self._teacher_features = self._feature_model(teacher, "teacher")
        self._student_features = self._feature_model(student, "student")
        self.teacher.trainable = False
        self.student_loss_tracker = metrics.Mean(name="student_loss")
        self.distillation_loss_tracker = metrics.Mean(
            name="distillation_loss")
        self.total_loss_tracker = metrics.Mean(name="total_loss")
        self._step_losses = None

    def _feature_model(self, model, role):
        """A model returning `{layer_name: output, "final_output": ...}` for
        the layers the losses name; None when none are named."""
        names = []
        for loss in self.distillation_losses:
            name = getattr(loss, f"{role}_layer_name", None)
            if name and name not in names:
                names.append(name)
        if not names:
            return None
        if getattr(model, "inputs", None) is None:
            raise ValueError(
                f"Distiller: the {role} model {model.name!r} has no "
                "symbolic inputs, so its layers' outputs cannot be read."
            )
        outputs = {_FINAL: model.outputs[0] if len(model.outputs) == 1
                   else model.outputs}
        for name in names:
            outputs[name] = model.get_layer(name=name).output
        return Model(model.inputs, outputs,
                     name=f"{model.name}_multi_feature_extractor")

    def compile(self, optimizer="adam", loss=None, metrics=None, **kwargs):
        """Like `Model.compile`; `loss` (required) is the student's
        supervised loss, `metrics` a list or tuple."""
        if loss is None:
            raise ValueError(
                "Distiller.compile: `loss` (the student's supervised loss) "
                "is required; received None."
            )
        if metrics is not None and not isinstance(metrics, (list, tuple)):
            raise ValueError(
                "Distiller.compile: `metrics` must be a list or tuple; "
                f"received {type(metrics).__name__}."
            )
        self._student_loss = tree.map_structure(loss_from_identifier, loss)
        self._student_loss_for_serialization = loss
        super().compile(optimizer=optimizer, loss=None, metrics=metrics,
                        **kwargs)

    def call(self, inputs, training=None, **kwargs):
        """The student's outputs."""
        return self.student(inputs, training=training, **kwargs)

    def _features(self, role, x, y_pred):
        if role == "teacher":
            if self._teacher_features is not None:
                return self._teacher_features(x, training=False)
            return {_FINAL: self.teacher(x, training=False)}
        if self._student_features is not None:
            return self._student_features(x, training=True)
        return {_FINAL: y_pred}

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None,
                     training=True):
        """The weighted total of the student and distillation losses
        (`sample_weight` is not used, as in Keras)."""
        if y_pred is None:
            y_pred = self(x, training=training)
        student_loss = 0.0
        if self.student_loss_weight > 0.0 and y is not None:
            values = tree.flatten(tree.map_structure(
                lambda fn, target, pred: fn(target, pred),
                self._student_loss, y, y_pred))
            student_loss = (ops.sum(ops.stack(values)) if len(values) > 1
                            else values[0])
            if len(getattr(student_loss, "shape", ())) > 0:
                student_loss = ops.mean(student_loss)
        distillation_loss = 0.0
        if self.student_loss_weight < 1.0:
            teacher = self._features("teacher", x, y_pred)
            student = self._features("student", x, y_pred)
            for loss, weight in zip(self.distillation_losses,
                                    self.distillation_loss_weights):
                t_out, s_out = self._pick(loss, teacher, student, y_pred)
                loss.validate_outputs(t_out, s_out)
                value = loss.compute_loss(t_out, s_out)
                if len(getattr(value, "shape", ())) > 0:
                    raise ValueError(
                        f"Distiller: {type(loss).__name__}.compute_loss "
                        f"returned shape {tuple(value.shape)}; it must "
                        "return a scalar."
                    )
                distillation_loss = ops.add(
                    distillation_loss, ops.multiply(weight, value))
        w = self.student_loss_weight
        total = ops.add(ops.multiply(w, student_loss),
                        ops.multiply(1.0 - w, distillation_loss))
        # The trackers are updated with the metrics (`compute_metrics`),
        # where the step maps their variables; the values reach it through
        # the step's auxiliary outputs (see `compute_loss_and_updates`).
        self._step_losses = (student_loss, distillation_loss, total)
        return total

    def compute_loss_and_updates(self, *args, **kwargs):
        """The step's forward pass and loss; the three loss values leave
        the differentiated function with the per-output losses."""
        self._step_losses = None
        scaled, (y_pred, non_trainable, parts, loss) = \
            super().compute_loss_and_updates(*args, **kwargs)
        extra = [ops.convert_to_tensor(v, "float32")
                 for v in self._step_losses or ()]
        self._step_losses = None
        return scaled, (y_pred, non_trainable, list(parts) + extra, loss)

    def stateless_update_metrics(self, metric_values, x, y, y_pred,
                                 sample_weight, loss, parts=()):
        """Takes the three loss values back out of `parts` for
        `compute_metrics`."""
        parts = list(parts)
        if len(parts) >= 3:
            self._step_losses, parts = tuple(parts[-3:]), parts[:-3]
        try:
            return super().stateless_update_metrics(
                metric_values, x, y, y_pred, sample_weight, loss, parts)
        finally:
            self._step_losses = None

    @staticmethod
    def _pick(loss, teacher, student, y_pred):
        t_name = getattr(loss, "teacher_layer_name", None)
        if t_name is None:
            return teacher[_FINAL], y_pred
        s_name = getattr(loss, "student_layer_name", None) or _FINAL
        for name, found in ((t_name, teacher), (s_name, student)):
            if name not in found:
                raise ValueError(
                    f"Distiller: no features extracted for layer {name!r}; "
                    f"available: {sorted(found)}."
                )
        return teacher[t_name], student[s_name]

    def compute_metrics(self, x, y, y_pred, sample_weight=None):
        """Updates the three loss trackers, then the compiled metrics."""
        if self._step_losses is not None:
            for tracker, value in zip(
                    (self.student_loss_tracker, self.distillation_loss_tracker,
                     self.total_loss_tracker), self._step_losses):
                tracker.update_state(value)
            self._step_losses = None
        return super().compute_metrics(x, y, y_pred, sample_weight)

    def reset_metrics(self):
        """Resets the compiled metrics and the three loss trackers."""
        super().reset_metrics()
        for tracker in (self.student_loss_tracker,
                        self.distillation_loss_tracker,
                        self.total_loss_tracker):
            tracker.reset_state()

    def get_config(self):
        """The constructor arguments, models and losses serialized."""
        from kerax.saving import serialize_keras_object

        config = {"name": self.name, "trainable": self.trainable}
        config.update({
            "teacher": serialize_keras_object(self.teacher),
            "student": serialize_keras_object(self.student),
            "distillation_losses": [serialize_keras_object(loss)
                                    for loss in self.distillation_losses],
            "distillation_loss_weights": self.distillation_loss_weights,
            "student_loss_weight": self.student_loss_weight,
        })
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Rebuilds the distiller from `get_config()`."""
        from kerax.saving import deserialize_keras_object

        config = dict(config)
        for key in ("teacher", "student"):
            config[key] = deserialize_keras_object(
                config[key], custom_objects=custom_objects)
        config["distillation_losses"] = [
            deserialize_keras_object(loss, custom_objects=custom_objects)
            for loss in config["distillation_losses"]
        ]
        return cls(**config)
