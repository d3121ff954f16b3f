"""The admin's reports on ideas and practices: time to first response
(first_response.py) and practices due for review (practices_due.py)."""
