"""Call context: the `training` flag nested calls inherit. (Name scopes
live in `kerax.core.name_scope`, which variables read; they are re-exported
here for their users.)"""

import threading

from kerax.core.name_scope import (  # noqa: F401 (re-exported)
    current_name_scope,
    name_scope,
    name_scope_path,
)

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
