"""Improvement ideas, votes, the triage backlog and the practice library."""
