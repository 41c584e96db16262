"""Widgets and helpers every step uses: the body chart, findings panel, field errors,
page header, table model base, formatting, prompts, drafts, settings and labels.

Nothing here imports a step (planner.ui.<step>) or the shell; import-linter keeps it so.
"""
