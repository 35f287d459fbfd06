"""Realisation data: cells as offices write them, CSV/XLSX/YAML/JSON readers, binding to a ruleset.

read.read_data is the one reader (wide CSV split column-wise by csv_columns); binding.bind the one
binder (records through bind's per-record checks, bulk columns at once); duplicates the one
duplicate-value check. Imported by scoring, history and api; imports ruleset, periods and dsl,
never scoring.
"""
