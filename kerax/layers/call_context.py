"""Call context (the `training` flag nested calls inherit) and name scopes."""

import threading

_LOCAL = threading.local()


class CallContext:
    def __init__(self, training=None):
        self.training = training


def current_call_context():
    stack = getattr(_LOCAL, "stack", None)
    return stack[-1] if stack else None


class call_context:
    """Opens a context whose `training` nested calls inherit."""

    def __init__(self, training):
        self.context = CallContext(training)

    def __enter__(self):
        stack = getattr(_LOCAL, "stack", None)
        if stack is None:
            stack = _LOCAL.stack = []
        stack.append(self.context)
        return self.context

    def __exit__(self, *exc):
        _LOCAL.stack.pop()


def _scopes():
    scopes = getattr(_LOCAL, "names", None)
    if scopes is None:
        scopes = _LOCAL.names = []
    return scopes


def current_name_scope():
    """The innermost open name scope, or None."""
    scopes = _scopes()
    return scopes[-1] if scopes else None


def name_scope_path(name):
    """`"outer/inner/name"` for the currently open name scopes."""
    return "/".join(_scopes() + [name])


class name_scope:
    """Opens a name scope: variables built inside get `<scope>/` paths."""

    def __init__(self, name):
        self.name = name

    def __enter__(self):
        _scopes().append(self.name)

    def __exit__(self, *exc):
        _scopes().pop()
