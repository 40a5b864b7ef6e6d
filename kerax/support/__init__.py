"""Low-level support code that imports nothing else of kerax.

The lowest layer of the package (see docs/architecture.md, "Layers of the
package"): terminal text (`terminal`, `styled_text`, `text_table`), where
messages and progress bars go (`output`, `progbar`), and safe file
handling (`atomic_write`, `h5_safety`, `file_errors`), downloads and the
file cache (`download_utils`, `archive_utils`, `file_utils`: `get_file`),
process-wide flags that `kerax.config` sets (`safe_mode`; the persistent
XLA cache in `compilation_cache`), and the version string (`version`).
Any kerax package may import these modules; they import nothing of kerax
outside this package (the standard library, NumPy, h5py, JAX). The public
paths (`kerax.utils.Progbar`, `kerax.utils.get_file`,
`kerax.saving.SavingError`, ...) re-export them.

>>> from kerax.support import terminal
>>> terminal.visible_length(terminal.sgr("ok", "1"))
2
"""
