"""Privacy: one person's data found, exported, erased, and purged when its time is up.

- personal_data: find, export and delete one person (a group member or an account), and
  their reminder preferences and records; the reminder records' retention
- erasure: taking a name and address out of every text the database holds
- retention: what is kept for how long, and the purge
- notice: the privacy notice's facts and the controller's details

Floor: everything below it (up to outreach, whose records it exports and erases); only ui
and the CLI import it.
"""
