"""Problems a user can cause outside the content (a folder, the configuration, a file changed
while building, MkDocs or Pagefind refusing): the CLI shows each as one line, not a traceback.
Problems in the content itself are `Diagnostic`s (model.py), collected and shown together."""
from __future__ import annotations


class UserError(Exception):
    """Stops the build; its message says what to fix. The published site is left untouched."""
