"""Targets and the target responsibility assessment (目标责任考核).

- ``targets``: targets of the year broken down to units (shares), progress with evidence, the
  demonstration-site register (designated sites count towards site-counted targets), overdue and
  off-track targets (``targets_needing_attention``, for home pages and the bulletin).
- ``services``: the scheme per year and kind of unit (categories, indicators with maximum score =
  weight, scoring rule, manual or automatic), copying last year's, and the round: self-assessment
  → assessor scoring → office review → finalised → published, bonus/deduction items, one dispute
  per unit before finalisation.
- ``indicators``: the registry of automatic computations, one function per kind, each documenting
  the data it reads.
- ``selectors``: the ranking (tie rule in ``selectors.TIE_RULE``) with last year's comparison.
- ``exports``: the ranking in Excel and as a Word report in GB/T 9704 layout (``documents.official``).
- ``dashboard``: the leadership dashboard's targets, demonstration sites and round panels.
- ``scale``: ``gen-data`` (targets, sites, schemes, a round per year) and ``bench`` (the ranking).
"""
