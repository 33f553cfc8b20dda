"""Azure Functions entry point (Python v2 programming model) for Release Regent's webhook door.

The Functions host imports this module and registers every function of the ``FunctionApp``
named ``app``: here the anonymous HTTP POST route ``webhook`` of
``regent.runtimes.webhook.azure_functions``. No logic lives here; see docs/deploy.md.
"""

from regent.runtimes.webhook.azure_functions import app

__all__ = ["app"]
