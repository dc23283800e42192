"""Access: who someone is and what they may do.

- actions: the named actions («live.run», «work.write», …) and which roles may do each
- permissions: Actor, OPERATOR, allowed / check (a named action), check_read / check_write,
  programme membership of staff
- identity: who a request is (login session, SSO claims, participant, view link)
- accounts: creating accounts, passwords, lockout
- sessions: server-side login sessions and the one-time hand-off that sets the cookie
- audit: the audit log
- programme_staff: the staff of one programme, and revoking one person's access
- admin: the administration summary and user list

Floor: core, models, store.
"""
