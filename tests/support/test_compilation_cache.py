"""The persistent XLA compilation cache: a second process loads what the
first compiled; off, nothing is written; a bad folder never breaks import.

Cache hits and misses are read from JAX's own reports (`jax.monitoring`
events and the `jax._src.compiler` debug log), never from timings.
"""

import json
import os
import subprocess
import sys

import pytest

import kerax
from kerax.support import compilation_cache as cc

# Fits a tiny model and prints what JAX's persistent cache did.
SCRIPT = r"""
import json, logging, re
from jax import monitoring

counts = {"hits": 0, "misses": 0}
NAMES = {"/jax/compilation_cache/cache_hits": "hits",
         "/jax/compilation_cache/cache_misses": "misses"}

def on_event(name, **kwargs):
    if name in NAMES:
        counts[NAMES[name]] += 1

monitoring.register_event_listener(on_event)
modules = {"hit": [], "miss": []}
PATTERNS = {"hit": r"Persistent compilation cache hit for '([^']+)'",
            "miss": r"PERSISTENT COMPILATION CACHE MISS for '([^']+)'"}

class Grab(logging.Handler):
    def emit(self, record):
        for kind, pattern in PATTERNS.items():
            found = re.match(pattern, record.getMessage())
            if found:
                modules[kind].append(found.group(1))

log = logging.getLogger("jax._src.compiler")
log.setLevel(logging.DEBUG)
log.addHandler(Grab())

import numpy as np
import kerax

x = np.linspace(0, 1, 32 * 4, dtype="float32").reshape(32, 4)
y = (x.sum(axis=1) > 2).astype("int32")
model = kerax.Sequential([kerax.Input((4,)), kerax.layers.Dense(8),
                          kerax.layers.Dense(2)])
model.compile("sgd", kerax.losses.SparseCategoricalCrossentropy(
    from_logits=True))
model.fit(x, y, batch_size=8, epochs=1, verbose=0)
print(json.dumps({"dir": kerax.config.compilation_cache_dir(), **counts,
                  "hit_modules": modules["hit"],
                  "miss_modules": modules["miss"]}))
"""


def run_script(env_changes):
    env = dict(os.environ)
    env.pop("JAX_COMPILATION_CACHE_DIR", None)
    # Cache every program, however fast it compiled, so the test does not
    # depend on this machine's speed.
    env["JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS"] = "0"
    env.update(env_changes)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True,
        text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def cache_files(folder):
    if not os.path.isdir(folder):
        return []
    return [n for n in os.listdir(folder) if n.endswith("-cache")]


def test_second_process_loads_compiled_code(tmp_path):
    env = {"KERAX_HOME": str(tmp_path), "KERAX_COMPILATION_CACHE": "1"}
    folder = str(tmp_path / "jax_cache")
    first = run_script(env)
    assert first["dir"] == folder
    assert first["misses"] >= 1 and first["miss_modules"]
    written = cache_files(folder)
    assert len(written) >= first["misses"]

    second = run_script(env)
    assert second["misses"] == 0, second
    assert second["hits"] == first["hits"] + first["misses"]
    # Every program the first run compiled, the train step among them, is
    # loaded from disk by the second.
    assert set(first["miss_modules"]) <= set(second["hit_modules"])
    assert sorted(cache_files(folder)) == sorted(written)


def test_switched_off_by_env_writes_nothing(tmp_path):
    result = run_script(
        {"KERAX_HOME": str(tmp_path), "KERAX_COMPILATION_CACHE": "0"}
    )
    assert result["dir"] is None
    assert result["hits"] == result["misses"] == 0
    assert not (tmp_path / "jax_cache").exists()


def test_unwritable_folder_does_not_break_import(tmp_path):
    # A file where KERAX_HOME should be a folder: no cache folder can be
    # made there, whoever runs the test (root ignores permission bits).
    home = tmp_path / "not_a_folder"
    home.write_text("")
    result = run_script(
        {"KERAX_HOME": str(home), "KERAX_COMPILATION_CACHE": "1"}
    )
    assert result["dir"] is None
    assert result["hits"] == result["misses"] == 0


def test_users_jax_cache_folder_is_kept(tmp_path):
    own = tmp_path / "own"
    result = run_script({
        "KERAX_HOME": str(tmp_path / "home"),
        "KERAX_COMPILATION_CACHE": "1",
        "JAX_COMPILATION_CACHE_DIR": str(own),
    })
    assert result["dir"] == str(own)
    assert cache_files(str(own))
    assert not (tmp_path / "home" / "jax_cache").exists()


# ------------------------------------------------------------ in process
@pytest.fixture
def restore_cache():
    import jax

    keys = ("jax_compilation_cache_dir", "jax_compilation_cache_max_size",
            "jax_persistent_cache_min_compile_time_secs",
            "jax_enable_compilation_cache")
    saved = {k: getattr(jax.config, k) for k in keys}
    yield
    cc.disable_compilation_cache()
    for key, value in saved.items():
        jax.config.update(key, value)


def test_enable_sets_jax_options(tmp_path, restore_cache):
    import jax

    folder = tmp_path / "c"
    got = kerax.config.enable_compilation_cache(
        folder, max_size_bytes=1 << 20, min_compile_time_secs=0.5
    )
    assert got == str(folder)
    assert kerax.config.compilation_cache_dir() == str(folder)
    assert jax.config.jax_persistent_cache_min_compile_time_secs == 0.5
    assert jax.config.jax_compilation_cache_max_size in (1 << 20, -1)
    kerax.config.disable_compilation_cache()
    assert kerax.config.compilation_cache_dir() is None


def test_switching_folders_and_off_in_process(tmp_path, restore_cache):
    import jax
    import jax.numpy as jnp

    kerax.config.enable_compilation_cache(
        tmp_path / "a", min_compile_time_secs=0
    )
    jax.jit(lambda v: jnp.tanh(v) * 3.0)(jnp.ones(3)).block_until_ready()
    kerax.config.enable_compilation_cache(
        tmp_path / "b", min_compile_time_secs=0
    )
    jax.jit(lambda v: jnp.sin(v) * 5.0)(jnp.ones(3)).block_until_ready()
    kerax.config.disable_compilation_cache()
    jax.jit(lambda v: jnp.cos(v) * 7.0)(jnp.ones(3)).block_until_ready()
    a = cache_files(str(tmp_path / "a"))
    b = cache_files(str(tmp_path / "b"))
    assert a and b and not set(a) & set(b)
    assert len(os.listdir(tmp_path)) == 2  # the cos program went nowhere


def test_enable_errors_name_the_argument(tmp_path, restore_cache):
    with pytest.raises(ValueError, match="max_size_bytes"):
        kerax.config.enable_compilation_cache(tmp_path, max_size_bytes=0)
    with pytest.raises(ValueError, match="max_size_bytes"):
        kerax.config.enable_compilation_cache(tmp_path, max_size_bytes=1.5)
    with pytest.raises(ValueError, match="min_compile_time_secs"):
        kerax.config.enable_compilation_cache(
            tmp_path, min_compile_time_secs=-1
        )
    with pytest.raises(ValueError, match="path"):
        kerax.config.enable_compilation_cache(3)
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(ValueError, match="cannot write"):
        kerax.config.enable_compilation_cache(blocker / "sub")


def test_env_switch_values(monkeypatch):
    for value in ("0", "false", "OFF", " no "):
        monkeypatch.setenv("KERAX_COMPILATION_CACHE", value)
        assert cc.switched_off_by_env()
    for value in ("1", "true", ""):
        monkeypatch.setenv("KERAX_COMPILATION_CACHE", value)
        assert not cc.switched_off_by_env()


def test_default_folder_follows_kerax_home(monkeypatch, tmp_path):
    monkeypatch.setenv("KERAX_HOME", str(tmp_path))
    assert cc.default_cache_dir() == str(tmp_path / "jax_cache")


def test_trim_removes_least_recently_used(tmp_path):
    for i, key in enumerate(["a", "b", "c"]):
        entry = tmp_path / f"{key}-cache"
        entry.write_bytes(b"x" * 100)
        stamp = tmp_path / f"{key}-atime"
        stamp.write_bytes(b"")
        # "b" was used last although written second.
        used = {"a": 1, "b": 3, "c": 2}[key]
        os.utime(stamp, (used, used))
        os.utime(entry, (i, i))
    assert cc.trim_cache_dir(str(tmp_path), 150) == 200
    assert sorted(os.listdir(tmp_path)) == ["b-atime", "b-cache"]
    assert cc.trim_cache_dir(str(tmp_path), 150) == 0
    assert cc.trim_cache_dir(str(tmp_path / "absent"), 10) == 0
