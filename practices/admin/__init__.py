"""The Wagtail admin's parts for ideas and practices: the ideas backlog
(backlog.py, its bulk actions in bulk_actions.py, its forms in forms.py), the
dashboard panel (dashboard.py), the practice editor's choosers and form
(practice_editor.py) and the reports (reports/). practices/wagtail_hooks.py is
the one place they are registered."""
