"""The command people type: ``python -m rebound.migrate --to postgresql://…`` or ``--rotate-secret``.

The work is done by ``rebound.storage.migrate``; this short name is what the README and the app's
messages give. It runs that module by name (runpy) so the app's code still imports no backend.
"""

import runpy

if __name__ == "__main__":
    runpy.run_module("rebound.storage.migrate", run_name="__main__", alter_sys=True)
