"""Veiledning: the role's guide (docs/*veiledning.md) in the app."""

from kultur3.ui import guides
from kultur3.ui.context import require_role

actor = require_role("guide")
guides.guide(actor)
