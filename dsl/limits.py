"""Every bound perkin puts on its inputs and its error output, in one place.

An input over a bound is refused with a located error (R045 for a ruleset, D046 for a data file)
before it costs more than seconds or a few hundred megabytes; rulesets and data files are read
only when they are regular files (not a device, a FIFO or a folder). The numbers are far above
any real ruleset or data file (the national-scale benchmark's largest CSV file is 70 MB).

======================  ==========  =====================================================
limit                   value       what it bounds
======================  ==========  =====================================================
MAX_RULESET_BYTES       2 MB        size of one ruleset YAML file (largest today: 210 KB)
MAX_YAML_NODES          200,000     values a ruleset expands to, each alias use counted
MAX_YAML_DEPTH          64          nesting of a ruleset's mappings and lists
MAX_DATA_BYTES          512 MB      size of one CSV or workbook data file
MAX_YAML_DATA_BYTES     2 MB        size of one YAML or JSON data file (read with positions)
MAX_LINE_BYTES          1 MB        one line of a CSV file, checked while reading
MAX_FIELDS              10,000      fields in one CSV row
MAX_ROWS                10,000,000  data rows of one CSV file
MAX_CELLS               50,000,000  cells (lines × width) of a CSV read column-wise
MAX_RECORD_CELLS        5,000,000   cells of a CSV read record by record (not column-wise)
MAX_XLSX_BYTES          200 MB      uncompressed size of a workbook's zip members
MAX_XLSX_RATIO          200         uncompressed ÷ compressed size of a large member
MAX_XLSX_ROWS           1,000,000   rows of one workbook sheet
MAX_XLSX_CELLS          1,000,000   cells of a sheet (openpyxl: ~1.4 KB each); shared strings
EXCERPT_CHARS           200         characters of a long line echoed in an error
MAX_MESSAGE_CHARS       400         characters of a message, hint or path in an error
MAX_ERRORS              100         errors printed in one run; the rest are counted
MAX_ALIKE               4           errors printed of one code and message shape
MAX_COLLECTED           1,000       errors of one code kept while reading and binding data
======================  ==========  =====================================================

Formula text has its own bounds (dsl.diagnostics: 200,000 characters, 100 levels) and so has an
``extends`` chain (engine.ruleset.resolve: 64 rulesets).
"""

from __future__ import annotations

MB = 1 << 20

MAX_RULESET_BYTES = 2 * MB
MAX_YAML_NODES = 200_000
MAX_YAML_DEPTH = 64

MAX_DATA_BYTES = 512 * MB
MAX_YAML_DATA_BYTES = 2 * MB
MAX_LINE_BYTES = 1 * MB
MAX_FIELDS = 10_000
MAX_ROWS = 10_000_000
MAX_CELLS = 50_000_000
MAX_RECORD_CELLS = 5_000_000

MAX_XLSX_BYTES = 200 * MB
MAX_XLSX_RATIO = 200
MAX_XLSX_ROWS = 1_000_000
MAX_XLSX_CELLS = 1_000_000

EXCERPT_CHARS = 200
MAX_MESSAGE_CHARS = 400
MAX_ERRORS = 100
MAX_ALIKE = 4
MAX_COLLECTED = 1_000
