"""Group: one municipality's kommunegruppe and everything it writes.

- membership: the municipalities in a programme and the members of their groups (the one
  home of members: reads, who may manage them, every change); member_import: a CSV list
  with invitations
- team: the group's own page and its development project
- invitations, invitation_list: personal accounts by invitation, password resets, who is invited
- workspace: answers to the four questions and scores in a gathering
- scoring, score_cells: the gap arithmetic and the kept cell per programme, municipality, area
- actions: the action plan; anchoring: anchoring in plans; followup: what is due

Floor: core, models, store, access, programme.
"""
