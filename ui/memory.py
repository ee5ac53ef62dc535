"""Keeping Streamlit's garbage collection after every run cheap.

Streamlit runs a full collection (`gc.collect(2)`) after every script run (`runner.postScriptGC`), and a full
collection walks every object the collector tracks. After this app's imports that is some 200,000 objects
(plotly's figure classes, pandas, SQLAlchemy, Streamlit itself), none of which will ever be garbage: walking them
was most of the server's CPU for a warm rerun (a region change on Folketal spent about 70 % of its time there).
`gc.freeze()` moves the objects alive at that moment out of the collector's sight, so the collection after each
run walks only what runs and caches created since. The frozen objects are still freed by reference counting; only
a reference cycle among them would never be collected, which is why freezing happens only right after a full
collection and only when new modules were imported (the first visit of a page), not after every run.
"""

from __future__ import annotations

import gc
import sys
import threading

_lock = threading.Lock()
_modules_when_frozen = 0


def freeze_long_lived_objects() -> bool:
    """Collect, then freeze every live object, when modules were imported since the last freeze (once per process
    and page, in practice). Returns whether it froze. Call it at the start of a run: by then the previous run's
    objects are gone."""
    global _modules_when_frozen
    if len(sys.modules) == _modules_when_frozen:  # the common case: nothing new since the last freeze
        return False
    with _lock:
        if len(sys.modules) == _modules_when_frozen:
            return False
        gc.collect()
        gc.freeze()
        _modules_when_frozen = len(sys.modules)
        return True
