"""The losses a `Distiller` adds between teacher and student outputs."""

from kerax import losses as losses_module
from kerax import ops, tree


def loss_from_identifier(identifier):
    """A loss function from a string (`"mse"`, ...) or a loss as it is;
    None stays None (that output is not distilled)."""
    if identifier is None:
        return None
    if isinstance(identifier, str):
        found = losses_module.get(identifier)
        if found is None:
            raise ValueError(f"Unknown loss: {identifier!r}.")
        return found
    return identifier


def _losses_structure(loss, owner):
    converted = tree.map_structure(loss_from_identifier, loss)
    if all(item is None for item in tree.flatten(converted)):
        raise ValueError(
            f"{owner}: `loss` must hold at least one loss that is not None; "
            f"received loss={loss!r}."
        )
    return converted


def _sum_losses(values):
    return ops.sum(ops.stack(tree.flatten(values)))


class DistillationLoss:
    """Base class of distillation losses: subclasses define
    `compute_loss(teacher_outputs, student_outputs, **kwargs)` returning a
    scalar, and may check the models in `validate_model_compatibility` and
    the outputs in `validate_outputs`.

    >>> import kerax, numpy as np
    >>> class L1(kerax.distillation.DistillationLoss):
    ...     def compute_loss(self, teacher_outputs, student_outputs, **kwargs):
    ...         return kerax.ops.mean(kerax.ops.abs(
    ...             teacher_outputs - student_outputs))
    >>> float(L1().compute_loss(np.ones(2), np.zeros(2)))
    1.0
    """

    def compute_loss(self, teacher_outputs, student_outputs, **kwargs):
        """The scalar loss between the outputs; subclasses define it."""
        raise TypeError(
            f"{type(self).__name__} must define `compute_loss(self, "
            "teacher_outputs, student_outputs, **kwargs)`."
        )

    def validate_outputs(self, teacher_outputs, student_outputs):
        """Raises `ValueError` unless the outputs are nested alike."""
        tree.assert_same_structure(teacher_outputs, student_outputs)

    def validate_model_compatibility(self, teacher, student):
        """Raises `ValueError` when the models cannot be distilled with
        this loss; the base class accepts any pair."""
        return None


class LogitsDistillation(DistillationLoss):
    """Matches the student's outputs to the teacher's, both divided by
    `temperature`.

    Args:
        temperature: positive number (default 3.0).
        loss: a loss, its name, or a structure of them matching the
            outputs (None skips an output); default `"kl_divergence"`.
            A `KLDivergence` instance compares the softmax of the scaled
            logits and is multiplied by `temperature ** 2`; any other loss
            (a name included, as in Keras) sees the scaled logits.

    >>> import kerax, numpy as np
    >>> d = kerax.distillation.LogitsDistillation(
    ...     temperature=2.0, loss=kerax.losses.KLDivergence())
    >>> float(d.compute_loss(np.zeros((1, 3)), np.zeros((1, 3))))
    0.0
    """

    def __init__(self, temperature=3.0, loss="kl_divergence"):
        if isinstance(temperature, bool) or not isinstance(
                temperature, (int, float)):
            raise ValueError(
                "LogitsDistillation: `temperature` must be a number; "
                f"received {temperature!r}."
            )
        if temperature <= 0:
            raise ValueError(
                "LogitsDistillation: `temperature` must be positive; "
                f"received temperature={temperature}."
            )
        self.temperature = temperature
        self.loss = _losses_structure(loss, "LogitsDistillation")

    def compute_loss(self, teacher_outputs, student_outputs, **kwargs):
        """Sum over outputs of the mean loss between the scaled logits."""
        t = self.temperature

        def one(loss_fn, teacher, student):
            if loss_fn is None:
                return 0.0
            teacher, student = ops.divide(teacher, t), ops.divide(student, t)
            if isinstance(loss_fn, losses_module.KLDivergence):
                value = loss_fn(ops.softmax(teacher, axis=-1),
                                ops.softmax(student, axis=-1))
                return ops.mean(value) * (t ** 2)
            return ops.mean(loss_fn(teacher, student))

        return _sum_losses(tree.map_structure(
            one, self.loss, teacher_outputs, student_outputs))

    def get_config(self):
        """`temperature` and the serialized `loss`."""
        from kerax.saving import serialize_keras_object

        return {"temperature": self.temperature,
                "loss": serialize_keras_object(self.loss)}

    @classmethod
    def from_config(cls, config):
        """Rebuilds the loss from `get_config()`."""
        config = dict(config)
        config["loss"] = losses_module.deserialize(config["loss"])
        return cls(**config)


class FeatureDistillation(DistillationLoss):
    """Matches intermediate features: the output of `teacher_layer_name`
    against that of `student_layer_name` (the models' final outputs when
    None). Named layers need functional or Sequential models.

    Args:
        loss: a loss, its name, or a structure of them (None skips an
            output); default `"mse"`.
        teacher_layer_name: the teacher layer whose output is matched.
        student_layer_name: the student layer whose output is matched.

    >>> import kerax, numpy as np
    >>> d = kerax.distillation.FeatureDistillation(loss="mae")
    >>> float(d.compute_loss(np.ones((2, 2)), np.zeros((2, 2))))
    1.0
    """

    def __init__(self, loss="mse", teacher_layer_name=None,
                 student_layer_name=None):
        self.teacher_layer_name = teacher_layer_name
        self.student_layer_name = student_layer_name
        self.loss = _losses_structure(loss, "FeatureDistillation")

    def validate_model_compatibility(self, teacher, student):
        """Named layers must exist, in models with symbolic inputs."""
        if self.teacher_layer_name is None and self.student_layer_name is None:
            return
        lacking = [role for role, model in (("teacher", teacher),
                                             ("student", student))
                   if getattr(model, "inputs", None) is None]
        if lacking:
            raise ValueError(
                "FeatureDistillation: layer names need functional or "
                f"Sequential models; the {' and '.join(lacking)} model has "
                "no symbolic inputs (subclassed). Distill the final outputs "
                "(no layer names) or use LogitsDistillation."
            )
        for role, model, name in (("teacher", teacher, self.teacher_layer_name),
                                  ("student", student, self.student_layer_name)):
            if name is not None:
                try:
                    model.get_layer(name=name)
                except ValueError as e:
                    raise ValueError(f"In the {role} model: {e}") from e

    def validate_outputs(self, teacher_outputs, student_outputs):
        """Outputs nested alike, and like `loss`."""
        super().validate_outputs(teacher_outputs, student_outputs)
        try:
            tree.assert_same_structure(self.loss, teacher_outputs)
        except ValueError as e:
            raise ValueError(
                "FeatureDistillation: `loss` is nested differently from the "
                f"features: {e}"
            ) from e

    def compute_loss(self, teacher_outputs, student_outputs, **kwargs):
        """Sum over outputs of the mean loss between the features."""

        def one(loss_fn, teacher, student):
            if loss_fn is None:
                return 0.0
            return ops.mean(loss_fn(teacher, student))

        return _sum_losses(tree.map_structure(
            one, self.loss, teacher_outputs, student_outputs))

    def get_config(self):
        """The serialized `loss` and the two layer names."""
        return {"loss": losses_module.serialize(self.loss),
                "teacher_layer_name": self.teacher_layer_name,
                "student_layer_name": self.student_layer_name}

    @classmethod
    def from_config(cls, config):
        """Rebuilds the loss from `get_config()`."""
        config = dict(config)
        config["loss"] = losses_module.deserialize(config["loss"])
        return cls(**config)
