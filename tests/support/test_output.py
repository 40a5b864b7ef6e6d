"""kerax.support.output: where messages go; the old paths re-export."""

import logging

from kerax import config
from kerax.support import output


def test_write_goes_to_stdout_or_the_logger(capsys, caplog):
    output.write("one\n")
    assert capsys.readouterr().out == "one\n"
    config.disable_interactive_logging()
    try:
        assert not output.interactive_logging()
        with caplog.at_level(logging.INFO, logger="kerax"):
            output.write("\rtwo\n")
        assert capsys.readouterr().out == ""
        assert [r.getMessage() for r in caplog.records] == ["two"]
    finally:
        config.enable_interactive_logging()
    assert output.interactive_logging()


def test_old_paths_are_the_support_objects():
    from kerax import saving
    from kerax.saving import atomic_write, errors, h5_safety
    from kerax.support import atomic_write as new_atomic
    from kerax.support import file_errors, progbar
    from kerax.support import h5_safety as new_h5
    from kerax.utils import Progbar, text_table

    assert Progbar is progbar.Progbar
    assert saving.FileFormatError is errors.FileFormatError
    assert errors.SavingError is file_errors.SavingError
    assert atomic_write.atomic_path is new_atomic.atomic_path
    assert h5_safety.open_h5 is new_h5.open_h5
    assert text_table.render_table.__module__ == "kerax.support.text_table"
