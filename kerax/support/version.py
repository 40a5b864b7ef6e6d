"""kerax's version string (`kerax.__version__`), for modules that write
it into files without importing `kerax/__init__`.

>>> __version__.count(".")
2
"""

__version__ = "0.1.0"
