"""Scoring: the columnar evaluator, aggregates, bands, rankings, the Result, explain and diff.

Imported by history, render and api; imports data, ruleset, periods and dsl.
"""
