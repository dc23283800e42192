"""Programme: a programme, its framework and its gatherings.

- catalogue: reading a programme (framework, participants, gatherings)
- lifecycle: creating, copying, archiving a programme
- templates, template_texts: the built-in framework a new programme copies, with its texts
- framework_edit: editing a programme's value areas and question wording
- register: the national municipality register
- gatherings: planning the gatherings of a programme
- phases: the live phase of a gathering and the rules for when groups may write

Floor: core, models, store, access.
"""
