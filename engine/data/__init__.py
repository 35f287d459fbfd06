"""Realisation data: cells as offices write them, CSV/XLSX/YAML/JSON readers, binding to a ruleset.

Imported by scoring, history and api; imports ruleset, periods and dsl, never scoring.
"""
