"""Tilgjengelighetserklæring: what the tool meets of WCAG 2.1 AA, what it does not and why,
how to report a barrier. Open to everybody, logged in or not, linked from every page's footer."""

from kultur3.ui import guides
from kultur3.ui.context import require_role

require_role("accessibility", visitors=True)
guides.statement()
