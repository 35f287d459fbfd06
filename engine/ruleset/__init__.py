"""Rulesets: positioned YAML, `extends`, the JSON Schema, the frozen model and its checks.

Imported by data, scoring, history, render and api; imports only dsl, periods and itself.
"""
