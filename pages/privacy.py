"""Personvern: who is responsible for the data, what is stored about whom, why, how long, who
sees it, and how to get a copy or have it erased. Open to everybody, logged in or not."""

from kultur3.ui import privacy
from kultur3.ui.context import require_role

require_role("privacy", visitors=True)
privacy.notice()
