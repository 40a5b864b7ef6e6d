"""Functional models read dict data by name, whatever the keys' order,
in every path (eager and symbolic calls, predict, fit, evaluate, the
on-batch methods, saving), compared with real Keras 3."""

import warnings

import numpy as np
import pytest

import kerax

X = {"zz": np.full((2, 1), 1.0, "float32"),
     "aa": np.full((2, 1), -2.0, "float32")}
Y = {"zo": np.full((2, 1), 3.0, "float32"),
     "ao": np.zeros((2, 2), "float32")}


def _concat_model(lib):
    """Inputs keyed out of sorted order; the output shows which is which."""
    a = lib.Input((1,), name="zz")
    b = lib.Input((1,), name="aa")
    return lib.Model({"zz": a, "aa": b}, lib.layers.Concatenate()([a, b]))


def _two_output_model(lib):
    a = lib.Input((1,), name="zz")
    b = lib.Input((1,), name="aa")
    both = lib.layers.Concatenate()([a, b])
    zo = lib.layers.Dense(1, name="zo", kernel_initializer="ones")(both)
    ao = lib.layers.Dense(2, name="ao", kernel_initializer="ones")(b)
    model = lib.Model({"zz": a, "aa": b}, {"zo": zo, "ao": ao})
    model.compile(lib.optimizers.SGD(0.1), loss={"zo": "mse", "ao": "mae"})
    return model


def _close(ours, theirs):
    if isinstance(theirs, dict):
        assert sorted(ours) == sorted(theirs)
        for key in theirs:
            _close(ours[key], theirs[key])
        return
    np.testing.assert_allclose(np.asarray(ours), np.asarray(theirs),
                               rtol=1e-6, atol=1e-6)


def test_predict_call_and_on_batch_match_by_key(keras):
    ours, theirs = _concat_model(kerax), _concat_model(keras)
    expected = np.array([[1.0, -2.0], [1.0, -2.0]])
    _close(theirs.predict(X, verbose=0), expected)
    _close(ours.predict(X, verbose=0), expected)
    _close(ours(X), expected)
    _close(ours.predict_on_batch(X), expected)
    # Keys in another order change nothing.
    _close(ours(dict(reversed(list(X.items())))), expected)


def test_symbolic_call_matches_by_key(keras):
    a = kerax.Input((1,), name="zz")
    b = kerax.Input((3,), name="aa")
    ours = kerax.Model({"zz": a, "aa": b}, kerax.layers.Concatenate()([a, b]))
    new = {"aa": kerax.Input((3,), batch_size=5, name="aa"),
           "zz": kerax.Input((1,), batch_size=5, name="zz")}
    out = ours(new)
    assert out.shape == (5, 4)
    wrapper = kerax.Model(new, out)
    value = wrapper.predict({"zz": np.ones((5, 1)), "aa": np.zeros((5, 3))},
                            verbose=0)
    _close(value, np.tile([[1.0, 0.0, 0.0, 0.0]], (5, 1)))
    ka, kb = keras.Input((1,), name="zz"), keras.Input((3,), name="aa")
    theirs = keras.Model({"zz": ka, "aa": kb},
                         keras.layers.Concatenate()([ka, kb]))
    assert tuple(theirs({"aa": keras.Input((3,), batch_size=5),
                         "zz": keras.Input((1,), batch_size=5)}).shape) == (
        5, 4)


def test_fit_evaluate_and_on_batch_match_keras(keras):
    logs = {}
    for name, lib in (("ours", kerax), ("theirs", keras)):
        model = _two_output_model(lib)
        evaluated = model.evaluate(X, Y, verbose=0, return_dict=True)
        tested = model.test_on_batch(X, Y, return_dict=True)
        history = model.fit(X, Y, batch_size=2, epochs=1, verbose=0).history
        trained = model.train_on_batch(X, Y, return_dict=True)
        logs[name] = (evaluated, tested, history, trained,
                      [np.asarray(w) for w in model.get_weights()])
    (e, t, h, tr, w), (ke, kt, kh, ktr, kw) = logs["ours"], logs["theirs"]
    assert e == pytest.approx(ke) and t == pytest.approx(kt)
    assert {k: v[0] for k, v in h.items()} == pytest.approx(
        {k: v[0] for k, v in kh.items()})
    assert tr == pytest.approx(ktr, rel=1e-5)
    for ours, theirs in zip(w, kw):
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


def test_dict_outputs_order_names_and_list_targets(keras):
    ours, theirs = _two_output_model(kerax), _two_output_model(keras)
    # Eager calls keep the `outputs` dict's order; `output_names` and
    # list targets follow the sorted (flat) order.
    assert list(ours(X)) == list(theirs(X)) == ["zo", "ao"]
    assert ours.output_names == list(theirs.output_names) == ["ao", "zo"]
    _close(ours.predict(X, verbose=0), theirs.predict(X, verbose=0))
    _close(ours.predict_on_batch(X), theirs.predict_on_batch(X))
    listed = [Y["ao"], Y["zo"]]
    assert ours.evaluate(X, listed, verbose=0, return_dict=True) == (
        pytest.approx(theirs.evaluate(X, listed, verbose=0,
                                      return_dict=True)))


def test_missing_target_key_is_an_error(keras):
    ours, theirs = _two_output_model(kerax), _two_output_model(keras)
    with pytest.raises(ValueError, match="'ao'"):
        ours.evaluate(X, {"zo": Y["zo"]}, verbose=0)
    with pytest.raises(ValueError):
        theirs.evaluate(X, {"zo": Y["zo"]}, verbose=0)


def test_nested_inputs(keras):
    def build(lib):
        e = lib.Input((1,), name="e")
        f = lib.Input((2,), name="f")
        g = lib.Input((3,), name="g")
        return lib.Model({"zz": {"y": e, "x": f}, "aa": [g]},
                         lib.layers.Concatenate()([e, f, g]))

    data = {"zz": {"y": np.full((1, 1), 1.0), "x": np.full((1, 2), 2.0)},
            "aa": [np.full((1, 3), 3.0)]}
    expected = build(keras).predict(data, verbose=0)
    _close(expected, [[1.0, 2.0, 2.0, 3.0, 3.0, 3.0]])
    ours = build(kerax)
    _close(ours.predict(data, verbose=0), expected)
    _close(ours(data), expected)
    with pytest.raises(ValueError, match=r"\['zz'\]\['x'\]"):
        ours({"zz": {"y": data["zz"]["y"]}, "aa": data["aa"]})


def test_extra_keys_warn_and_are_ignored(keras):
    extra = {**X, "extra": np.full((2, 1), 5.0, "float32")}
    with pytest.warns(UserWarning, match="structure"):
        _concat_model(keras).predict(extra, verbose=0)
    ours = _concat_model(kerax)
    with pytest.warns(UserWarning, match=r"ignored: \['extra'\]"):
        value = ours(extra)
    # Keras lines the flattened values up by position here (the extra
    # key shifts them); kerax reads each Input's key.
    _close(value, [[1.0, -2.0], [1.0, -2.0]])
    with pytest.warns(UserWarning, match="extra"):
        _close(ours.predict(extra, verbose=0), value)


def test_missing_keys_name_the_key(keras):
    with pytest.raises(ValueError):
        _concat_model(keras)({"zz": X["zz"]})
    ours = _concat_model(kerax)
    for run in (ours, lambda x: ours.predict(x, verbose=0),
                ours.predict_on_batch):
        with pytest.raises(ValueError, match=r"input \['aa'\]"):
            run({"zz": X["zz"]})
    with pytest.raises(ValueError, match=r"input \['aa'\]"):
        ours({"zz": kerax.Input((1,))})


def test_dict_given_to_list_and_single_input_models(keras):
    expected = np.array([[1.0, -2.0], [1.0, -2.0]])
    extra = {**X, "q": np.zeros((2, 1), "float32")}
    for lib in (kerax, keras):
        a, b = lib.Input((1,), name="zz"), lib.Input((1,), name="aa")
        listed = lib.Model([a, b], lib.layers.Concatenate()([a, b]))
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # read by name, no warning
            _close(listed.predict(X, verbose=0), expected)
            _close(listed(X), expected)
            _close(listed.predict(extra, verbose=0), expected)
        with pytest.raises(ValueError):
            listed.predict({"zz": X["zz"], "q": X["aa"]}, verbose=0)
        single = lib.Model(a, a * 2)
        with pytest.warns(UserWarning):
            _close(single.predict({"zz": X["zz"], "q": X["aa"]}, verbose=0),
                   [[2.0], [2.0]])
        with pytest.raises(ValueError):
            single.predict({"q": X["zz"]}, verbose=0)
    a, b = kerax.Input((1,), name="zz"), kerax.Input((1,), name="aa")
    listed = kerax.Model([a, b], kerax.layers.Concatenate()([a, b]))
    with pytest.raises(ValueError, match=r"\['aa'\]"):
        listed({"zz": X["zz"], "q": X["aa"]})


def test_list_given_to_dict_input_models(keras):
    pair = [np.ones((2, 1), "float32"), np.zeros((2, 1), "float32")]
    for lib in (kerax, keras):
        # Unsorted keys: positions are ambiguous, an error.
        with pytest.raises(ValueError):
            _concat_model(lib).predict(pair, verbose=0)
        with pytest.raises(ValueError):
            _concat_model(lib)(pair)
        # Sorted keys: taken in that order, with a warning.
        c, d = lib.Input((1,), name="bb"), lib.Input((1,), name="cc")
        model = lib.Model({"bb": c, "cc": d}, lib.layers.Concatenate()([c, d]))
        with pytest.warns(UserWarning):
            _close(model.predict(pair, verbose=0), [[1.0, 0.0], [1.0, 0.0]])
        with pytest.warns(UserWarning):
            _close(model(pair), [[1.0, 0.0], [1.0, 0.0]])


def test_save_and_load_round_trip(keras, tmp_path):
    model = _two_output_model(kerax)
    model.fit(X, Y, batch_size=2, epochs=1, verbose=0)
    path = str(tmp_path / "dict_inputs.keras")
    model.save(path)
    loaded = kerax.saving.load_model(path)
    assert list(loaded.input) == ["zz", "aa"]
    assert list(loaded.output) == ["zo", "ao"]
    _close(loaded.predict(X, verbose=0), model.predict(X, verbose=0))
    theirs = keras.saving.load_model(path)
    _close(theirs.predict(X, verbose=0), model.predict(X, verbose=0))
    back = str(tmp_path / "back.keras")
    theirs.save(back)
    _close(kerax.saving.load_model(back).predict(X, verbose=0),
           theirs.predict(X, verbose=0))


def test_generators_and_py_datasets_of_dicts():
    model = _concat_model(kerax)
    expected = [[1.0, -2.0]] * 4

    def batches():
        for _ in range(2):
            yield dict(X)

    class Batches(kerax.utils.PyDataset):
        def __len__(self):
            return 2

        def __getitem__(self, index):
            return {"aa": X["aa"], "zz": X["zz"]}

    _close(model.predict(batches(), verbose=0), expected)
    _close(model.predict(Batches(), verbose=0), expected)
    model.compile("sgd", "mse")
    targets = np.array([[1.0, -2.0]] * 2, "float32")
    assert model.evaluate(((x, targets) for x in batches()), verbose=0) == (
        pytest.approx(0.0))


def test_keys_unlike_the_input_names_warn(keras):
    for lib in (kerax, keras):
        a = lib.Input((1,), name="zz")
        with pytest.warns(UserWarning, match="'first'"):
            model = lib.Model({"first": a}, a * 2)
        _close(model({"first": X["zz"]}), [[2.0], [2.0]])


def test_clone_keeps_key_order_and_matching(keras):
    clones = {}
    for name, lib in (("ours", kerax), ("theirs", keras)):
        clones[name] = lib.models.clone_model(_two_output_model(lib))
    ours, theirs = clones["ours"], clones["theirs"]
    assert list(ours.input) == list(theirs.input) == ["zz", "aa"]
    assert list(ours.output) == list(theirs.output) == ["zo", "ao"]
    _close(ours.predict(X, verbose=0), theirs.predict(X, verbose=0))


def test_flat_inputs_outputs_and_shapes(keras):
    ours, theirs = _two_output_model(kerax), _two_output_model(keras)
    for name in ("inputs", "outputs"):
        assert [tuple(t.shape) for t in getattr(ours, name)] == [
            tuple(t.shape) for t in getattr(theirs, name)]
    assert [t.name for t in ours.inputs] == ["aa", "zz"]
    assert ours.input_shape == theirs.input_shape
    assert ours.output_shape == [tuple(s) for s in theirs.output_shape]
    assert list(ours.input) == list(theirs.input) == ["zz", "aa"]
