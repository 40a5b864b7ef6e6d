"""`kerax.dtype_policies` against `keras.dtype_policies`: names, quantized
policies from strings and saved forms (both ways), `DTypePolicyMap`."""

import pytest

from kerax import dtype_policies


def test_public_names_match_keras(keras):
    ours = {n for n in dir(dtype_policies) if not n.startswith("_")}
    theirs = {n for n in dir(keras.dtype_policies) if not n.startswith("_")}
    assert not theirs - ours


@pytest.mark.parametrize("name", [
    "int8_from_float32", "int8_from_mixed_bfloat16", "int4_from_float32",
    "int4/64_from_float32", "float8_from_mixed_bfloat16",
    "gptq/4/128_from_float32", "awq/4/-1_from_float32",
])
def test_policies_match_keras(keras, name):
    theirs = keras.dtype_policies.get(name)
    ours = dtype_policies.get(name)
    assert type(ours).__name__ == type(theirs).__name__
    assert (ours.name, ours.compute_dtype, ours.variable_dtype,
            ours.quantization_mode) == (
        theirs.name, theirs.compute_dtype, theirs.variable_dtype,
        theirs.quantization_mode)
    saved = keras.dtype_policies.serialize(theirs)
    assert dtype_policies.serialize(ours) == saved
    assert dtype_policies.deserialize(saved) == ours
    assert keras.dtype_policies.deserialize(
        dtype_policies.serialize(ours)) == theirs


def test_bad_policies():
    with pytest.raises(ValueError, match="quantization mode"):
        dtype_policies.QuantizedDTypePolicy("int3", "float32")
    with pytest.raises(ValueError, match="float16"):
        dtype_policies.get("int8_from_float16")
    with pytest.raises(ValueError, match="block_size"):
        dtype_policies.Int4DTypePolicy("int4/0", "float32")
    with pytest.raises(ValueError, match="weight_bits"):
        dtype_policies.GPTQDTypePolicy("gptq/5/128", "float32")


def test_policy_map(keras):
    policies = dtype_policies.DTypePolicyMap("mixed_bfloat16")
    policies["model/dense"] = "int8_from_mixed_bfloat16"
    policies["model/block_.*"] = "float32"
    assert policies["model/dense"].quantization_mode == "int8"
    assert policies["model/block_3"].name == "float32"
    assert policies["model/other"].name == "mixed_bfloat16"
    assert policies.compute_dtype == "bfloat16"
    assert len(policies) == 2 and "model/dense" in policies
    with pytest.raises(ValueError, match="already"):
        policies["model/dense"] = "float32"
    rebuilt = dtype_policies.DTypePolicyMap.from_config(
        policies.get_config())
    assert rebuilt["model/dense"] == policies["model/dense"]
    theirs = keras.dtype_policies.DTypePolicyMap.from_config(
        policies.get_config())
    assert theirs["model/dense"].name == "int8_from_mixed_bfloat16"
