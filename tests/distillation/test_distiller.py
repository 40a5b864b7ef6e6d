"""kerax.distillation against keras.distillation: same losses, same
training step, same logs."""

import warnings

import numpy as np
import pytest

import kerax

RNG = np.random.default_rng(0)
X = RNG.random((16, 4)).astype("float32")
Y = RNG.integers(0, 3, 16)


def pair(lib, name_prefix=""):
    teacher = lib.Sequential([
        lib.Input((4,)), lib.layers.Dense(8, activation="relu", name="h"),
        lib.layers.Dense(3, name="out")])
    student = lib.Sequential([
        lib.Input((4,)), lib.layers.Dense(8, name="h"),
        lib.layers.Dense(3, name="out")])
    return teacher, student


def twin_models(keras):
    kt, ks = pair(keras)
    mt, ms = pair(kerax)
    for k, m in ((kt, mt), (ks, ms)):
        m.set_weights(k.get_weights())
    return (kt, ks), (mt, ms)


def losses(lib, kl_instance=False):
    logits = lib.distillation.LogitsDistillation(
        temperature=2.0,
        loss=lib.losses.KLDivergence() if kl_instance else "kl_divergence")
    feature = lib.distillation.FeatureDistillation(
        teacher_layer_name="h", student_layer_name="h")
    return [logits, feature]


@pytest.mark.parametrize("kl_instance", [False, True])
def test_losses_and_one_epoch_match_keras(keras, kl_instance):
    (kt, ks), (mt, ms) = twin_models(keras)
    runs = []
    for lib, t, s in ((keras, kt, ks), (kerax, mt, ms)):
        d = lib.distillation.Distiller(
            t, s, losses(lib, kl_instance), distillation_loss_weights=[1.0, 0.5],
            student_loss_weight=0.3)
        d.compile(optimizer=lib.optimizers.SGD(0.1),
                  loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
        with warnings.catch_warnings():
            # Keras warns that its feature extractors get a bare array.
            warnings.simplefilter("ignore", UserWarning)
            first = float(d.compute_loss(X, Y, d(X, training=False)))
            if kl_instance:  # the loss alone; training runs in the other
                runs.append((first,))
                continue
            history = d.fit(X, Y, epochs=2, batch_size=8, shuffle=False,
                            verbose=0).history
            result = d.evaluate(X, Y, verbose=0, return_dict=True)
        runs.append((first, history, result, s.get_weights(),
                     t.get_weights()))
    np.testing.assert_allclose(runs[1][0], runs[0][0], rtol=1e-5)
    if kl_instance:
        return
    (_, k_hist, k_eval, k_sw, k_tw), (_, m_hist, m_eval, m_sw, m_tw) = runs
    assert sorted(m_hist) == sorted(k_hist)
    for key in k_hist:
        np.testing.assert_allclose(m_hist[key], k_hist[key], rtol=1e-4,
                                   err_msg=key)
    for key in k_eval:
        np.testing.assert_allclose(m_eval[key], k_eval[key], rtol=1e-4,
                                   err_msg=key)
    for a, b in zip(m_sw, k_sw):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6)
    for a, b in zip(m_tw, k_tw):  # the teacher stays frozen
        np.testing.assert_array_equal(a, b)


def test_loss_objects_match_keras(keras):
    t = RNG.normal(size=(5, 3)).astype("float32")
    s = RNG.normal(size=(5, 3)).astype("float32")
    for args in ({}, {"temperature": 4.0, "loss": "categorical_crossentropy"},
                 {"loss": ["kl_divergence", None]}):
        inputs = ([t, t], [s, s]) if isinstance(args.get("loss"), list) \
            else (t, s)
        mine = kerax.distillation.LogitsDistillation(**args)
        theirs = keras.distillation.LogitsDistillation(**args)
        np.testing.assert_allclose(float(mine.compute_loss(*inputs)),
                                   float(theirs.compute_loss(*inputs)),
                                   rtol=1e-5)
    mine = kerax.distillation.FeatureDistillation("cosine_similarity")
    theirs = keras.distillation.FeatureDistillation("cosine_similarity")
    np.testing.assert_allclose(float(mine.compute_loss(t, s)),
                               float(theirs.compute_loss(t, s)), rtol=1e-5)


def test_errors():
    t, s = pair(kerax)
    logits = kerax.distillation.LogitsDistillation()
    with pytest.raises(ValueError, match="student_loss_weight"):
        kerax.distillation.Distiller(t, s, logits, student_loss_weight=1.5)
    with pytest.raises(ValueError, match="one weight per"):
        kerax.distillation.Distiller(t, s, [logits],
                                     distillation_loss_weights=[1.0, 2.0])
    with pytest.raises(ValueError, match="distillation_losses"):
        kerax.distillation.Distiller(t, s, None)
    with pytest.raises(ValueError, match="teacher"):
        kerax.distillation.Distiller(
            t, s, kerax.distillation.FeatureDistillation(
                teacher_layer_name="nope"))
    with pytest.raises(ValueError, match="temperature"):
        kerax.distillation.LogitsDistillation(temperature=0)
    with pytest.raises(ValueError, match="at least one"):
        kerax.distillation.FeatureDistillation(loss=[None])
    d = kerax.distillation.Distiller(t, s, logits)
    with pytest.raises(ValueError, match="loss"):
        d.compile("adam")

    class Sub(kerax.Model):
        def __init__(self):
            super().__init__()
            self.dense = kerax.layers.Dense(3)

        def call(self, x):
            return self.dense(x)

    with pytest.raises(ValueError, match="subclassed"):
        kerax.distillation.Distiller(
            t, Sub(), kerax.distillation.FeatureDistillation(
                teacher_layer_name="h", student_layer_name="h"))


def test_config_round_trip():
    t, s = pair(kerax)
    d = kerax.distillation.Distiller(
        t, s, losses(kerax), distillation_loss_weights=[1.0, 0.25],
        student_loss_weight=0.2)
    config = d.get_config()
    clone = kerax.distillation.Distiller.from_config(config)
    assert clone.distillation_loss_weights == [1.0, 0.25]
    assert clone.student_loss_weight == 0.2
    assert clone.distillation_losses[0].temperature == 2.0
    assert clone.distillation_losses[1].teacher_layer_name == "h"
    assert not clone.teacher.trainable
