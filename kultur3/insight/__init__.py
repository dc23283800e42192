"""Insight: what leaders and facilitators read across municipalities.

- dashboard, overview, cell_frames: the programme's scores as frames, and the overview of groups
- sectors: sector comparisons; answer_search: searching the groups' answers
- shared_learning: what groups share with each other; municipality_work: one group's work
- pdf, group_pdf: the PDF reports; charts: plotly figures; exports: CSV and Excel

Floor: everything below it (core up to live); nothing imports insight except ui and the CLI.
"""
