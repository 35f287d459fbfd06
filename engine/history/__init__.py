"""Published reports replayed and audited against the engine's own figures.

Imported by api; imports scoring, data, ruleset, periods and dsl.
"""
