"""Budgets and rate limits: reserve the worst case before the provider call, settle with real usage after."""
