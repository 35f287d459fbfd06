"""The years a dataset's periods name, and the same dataset with one year read as another."""

from __future__ import annotations

from dataclasses import replace

from engine.data.model import Bulk, BulkFile, Dataset, Record
from engine.periods import Period


def data_years(dataset: Dataset) -> frozenset[int]:
    """Every year named by a period of the dataset (values without a year name none)."""
    periods = [r.period for r in dataset.records]
    periods += [c.period for f in dataset.bulk.files for c in f.columns]
    return frozenset(p.year for p in periods if p is not None and p.year is not None)


def in_year(period: Period | None, old: int, new: int) -> Period | None:
    """The period with year `old` read as year `new`; any other period as it is."""
    if period is None or period.year != old:
        return period
    return replace(period, year=new)


def dataset_in_year(dataset: Dataset, old: int, new: int) -> Dataset:
    """The dataset with every period of year `old` read as the same period of year `new`: the
    values, units, places and errors are those read."""
    records = tuple(_record_in_year(r, old, new) for r in dataset.records)
    files = tuple(_file_in_year(f, old, new) for f in dataset.bulk.files)
    return replace(dataset, records=records, bulk=Bulk(files, dataset.bulk.positions))


def _record_in_year(record: Record, old: int, new: int) -> Record:
    period = in_year(record.period, old, new)
    return record if period is record.period else replace(record, period=period)


def _file_in_year(file: BulkFile, old: int, new: int) -> BulkFile:
    columns = tuple(replace(c, period=in_year(c.period, old, new)) for c in file.columns)
    return replace(file, columns=columns)
