"""Points kerax's dataset loaders at the repo's offline copies, if present.

With internet access the loaders download from Keras's origins instead; an
explicit `KERAX_DATA_DIR` always wins.
"""

import os
import pathlib

_SHARED = pathlib.Path(__file__).resolve().parents[2] / "shared" / "data"
if "KERAX_DATA_DIR" not in os.environ and _SHARED.is_dir():
    os.environ["KERAX_DATA_DIR"] = str(_SHARED)
