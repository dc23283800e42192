"""Outreach: what reaches people between gatherings without their opening the app.

- preferences: which reminders a person gets, and in which language (their own choice)
- mails: one mail as a value (to whom, kind, period, text) and the lines every mail ends with
- digests: the weekly digests, to each group's coordinator and to each adviser
- gathering_mail: a reminder before each gathering, and a notice when its date has moved
- run: `python -m kultur3 send-reminders`: claim, send, mark sent; at most once per person,
  kind and period

Floor: everything up to insight; privacy (export, erase, retention of what it stores), the
command line and ui import it.
"""
