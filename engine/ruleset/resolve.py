"""Reading a ruleset file with its `extends` parents and merging them into one document."""

from __future__ import annotations

import errno
import stat
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from dsl.errors import Location, PerkinError, PerkinErrors
from dsl.i18n import N_, _
from dsl.suggest import did_you_mean
from engine.ruleset.yamlpos import Mark, PosDict, PosList, PosStr, load_yaml, location_of

SECTIONS = ("inputs", "tables", "figures", "indicators", "roles", "scores", "rankings")
RULESET_SUFFIXES = (".yaml", ".yml")
_PATH_HINT = N_("extends names .yaml or .yml ruleset files, e.g. ../shared/dki.yaml")


class ExtendsError(PerkinError):
    """An `extends` chain that cannot be followed: missing parent, cycle, outside the roots,
    not a regular .yaml/.yml file."""

    code = "R002"


@dataclass(frozen=True, slots=True)
class Document:
    """The merged ruleset document, the files it came from, and their lines."""

    data: PosDict
    files: tuple[str, ...]
    lines: dict[str, list[str]]
    texts: tuple[str, ...]


def display_name(path: Path) -> str:
    """A path as users typed it: relative to the working directory when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# A year extends the previous year, which extends the shared definitions: a few links. A bound
# keeps a runaway or generated chain from exhausting the recursion below.
MAX_EXTENDS = 64


def read_document(path: Path, roots: tuple[Path, ...] | None = None) -> Document:
    """Read a ruleset file and every parent it extends, merged parent-first."""
    allowed = roots or (path.resolve().parent.parent,)
    files: list[str] = []
    lines: dict[str, list[str]] = {}
    texts: list[str] = []
    data = _read_chain(path, allowed, (), files, lines, texts, {})
    return Document(data, tuple(files), lines, tuple(texts))


def _read_chain(
    path: Path,
    roots: tuple[Path, ...],
    stack: tuple[Path, ...],
    files: list[str],
    lines: dict[str, list[str]],
    texts: list[str],
    dropped: dict[Path, bool],
) -> PosDict:
    """One file merged over its parents; `dropped` holds the files a descendant removes with
    `remove: {files: …}` (never read) and whether the chain reached them."""
    name = display_name(path)
    try:
        data, file_lines = load_yaml(path, name)
    except PerkinError as err:
        raise (_unechoed(err) if stack else err) from None
    if not isinstance(data, PosDict):
        raise PerkinError(
            _("a ruleset must be a mapping of keys (id, title, indicators …)"),
            location_of(data.mark if hasattr(data, "mark") else Mark(name, 1, 1, None)),
            code="R003",
        )
    files.append(name)
    lines[name] = file_lines
    texts.append("\n".join(file_lines))
    merged = PosDict()
    merged.mark, merged.key_marks, merged.value_marks = data.mark, {}, {}
    own_drops = _removed_files(path, data, roots, file_lines)
    for target in own_drops:
        dropped.setdefault(target, False)
    for parent_ref, mark in _parents(data):
        if len(stack) >= MAX_EXTENDS:
            raise ExtendsError(
                _("the extends chain is longer than {count} rulesets").format(count=MAX_EXTENDS),
                location_of(mark, "extends", file_lines),
                _("extend the previous year or the shared definitions directly"),
            )
        parent = _resolve_parent(path, parent_ref, mark, roots, stack, file_lines)
        if parent in dropped:
            dropped[parent] = True
            continue
        chain = (*stack, path.resolve())
        parent_data = _read_chain(parent, roots, chain, files, lines, texts, dropped)
        _merge_into(merged, parent_data)
    _merge_into(merged, data)
    _check_dropped(own_drops, dropped, files)
    _apply_removals(merged, data, file_lines)
    merged.pop("extends", None)
    merged.pop("remove", None)
    return merged


def _unechoed(err: PerkinError) -> PerkinError:
    """A parent's YAML error without its lines: a file that does not parse may be no ruleset."""
    if isinstance(err, PerkinErrors):
        return PerkinErrors([_unechoed(e) for e in err.errors])
    return err.with_location(replace(err.location, source_line=None))


def _parents(data: PosDict) -> list[tuple[str, Mark]]:
    ref = data.get("extends")
    if ref is None:
        return []
    if isinstance(ref, PosList):
        return [(str(item), mark) for item, mark in zip(ref, ref.item_marks, strict=True)]
    return [(str(ref), data.value_marks["extends"])]


def _resolve_parent(
    child: Path,
    ref: str,
    mark: Mark,
    roots: tuple[Path, ...],
    stack: tuple[Path, ...],
    lines: list[str],
) -> Path:
    loc = location_of(mark, "extends", lines)
    target = _confined(child, ref, loc, roots)
    if target == child.resolve() or target in stack:
        chain = " -> ".join(p.name for p in (*stack, child.resolve(), target))
        message = _("extends cycle: {chain}").format(chain=chain)
        raise ExtendsError(message, loc, _("remove one of the extends links"))
    _check_regular(target, ref, loc)
    return target


def _confined(child: Path, ref: str, loc: Location, roots: tuple[Path, ...]) -> Path:
    """The parent's real path (symlinks followed) once it is a ruleset file inside the roots.

    Every check runs before the file is opened, so a refused file's content is never shown.
    """
    if "\0" in ref:
        raise ExtendsError(_("the extends path contains a NUL byte"), loc, _(_PATH_HINT))
    try:
        target = (child.parent / ref).resolve()
    except (RuntimeError, OSError):  # how Python before 3.13 reports a symlink loop
        raise _loop(ref, loc) from None
    if not any(target.is_relative_to(root.resolve()) for root in roots):
        raise ExtendsError(
            _("'{ref}' is outside the ruleset directories").format(ref=ref),
            loc,
            _(
                "extends may only name rulesets inside the folder that holds the year folders and "
                "shared/ (a symbolic link counts where it points)"
            ),
        )
    if not all(p.suffix.casefold() in RULESET_SUFFIXES for p in (Path(ref), target)):
        raise ExtendsError(_("'{ref}' is not a ruleset file").format(ref=ref), loc, _(_PATH_HINT))
    return target


def _check_regular(target: Path, ref: str, loc: Location) -> None:
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        message = _("parent ruleset '{ref}' does not exist").format(ref=ref)
        raise ExtendsError(message, loc, _("check the path")) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _loop(ref, loc) from None
        message = _("parent ruleset '{ref}' cannot be read: {reason}").format(
            ref=ref, reason=exc.strerror
        )
        raise ExtendsError(message, loc, _("check the file's permissions")) from None
    if not stat.S_ISREG(mode):
        raise ExtendsError(
            _("parent ruleset '{ref}' is not a regular file (a folder, device or FIFO)").format(
                ref=ref
            ),
            loc,
            _(_PATH_HINT),
        )


def _loop(ref: str, loc: Location) -> ExtendsError:
    return ExtendsError(
        _("'{ref}' is a symbolic link loop").format(ref=ref),
        loc,
        _("point the link at a ruleset file, or remove it"),
    )


def _merge_into(base: PosDict, over: PosDict) -> None:
    """Deep-merge `over` into `base`: mappings merge by key, everything else replaces. An entry
    keeps the place where it was first defined (the parent's order), new entries follow: a
    child that changes three targets does not move those indicators to the top."""
    for key, value in over.items():
        current = base.get(key)
        if isinstance(current, PosDict) and isinstance(value, PosDict) and key != "target":
            _merge_into(current, value)
            base.value_marks[key] = value.mark
        else:
            base[key] = _copy(value)
            base.value_marks[key] = over.value_marks[key]
        base.key_marks[key] = over.key_marks[key]


def _copy(value: Any) -> Any:
    if isinstance(value, PosDict):
        out = PosDict()
        out.mark, out.key_marks, out.value_marks = value.mark, {}, {}
        _merge_into(out, value)
        return out
    return value


def _removed_files(
    path: Path, data: PosDict, roots: tuple[Path, ...], lines: list[str]
) -> dict[Path, Location]:
    """The files this ruleset drops from its extends chain (`remove: {files: […]}`), resolved
    like an extends link, with where each is named."""
    removal = data.get("remove")
    refs = removal.get("files") if isinstance(removal, PosDict) else None
    if not isinstance(refs, PosList):
        return {}
    out: dict[Path, Location] = {}
    for ref, mark in zip(refs, refs.item_marks, strict=True):
        loc = location_of(mark, "remove.files", lines)
        out[_confined(path, str(ref), loc, roots)] = loc
    return out


def _check_dropped(own: dict[Path, Location], dropped: dict[Path, bool], files: list[str]) -> None:
    """A removed file that no extends link reaches is a mistake, not a no-op."""
    errors = [
        PerkinError(
            _("cannot remove file '{file}': no extends link reaches it").format(
                file=display_name(target)
            ),
            loc,
            did_you_mean(display_name(target), files)
            or _("remove only files this ruleset inherits through extends"),
            code="R004",
        )
        for target, loc in own.items()
        if not dropped.get(target)
    ]
    if errors:
        raise PerkinErrors(errors)


def _apply_removals(merged: PosDict, own: PosDict, lines: list[str]) -> None:
    removal = own.get("remove")
    if not isinstance(removal, PosDict):
        return
    errors: list[PerkinError] = []
    for section, ids in removal.items():
        if section not in SECTIONS or not isinstance(ids, PosList):
            continue  # the schema check reports these (and `files`, handled before merging)
        table = merged.get(section)
        for item, mark in zip(ids, ids.item_marks, strict=True):
            if isinstance(table, PosDict) and item in table:
                del table[item]
            else:
                known = list(table) if isinstance(table, PosDict) else []
                errors.append(_missing_removal(section, str(item), mark, lines, known))
    if errors:
        raise PerkinErrors(errors)


def _missing_removal(
    section: str, item: str, mark: Mark, lines: list[str], known: list[str]
) -> PerkinError:
    return PerkinError(
        _("cannot remove {section} '{item}': no parent defines it").format(
            section=section[:-1], item=item
        ),
        location_of(mark, f"remove.{section}", lines),
        did_you_mean(item, known) or _("remove only entries inherited through extends"),
        code="R004",
    )


def formula_location(text: PosStr, lines: dict[str, list[str]], path: str) -> Location:
    """Where a formula's first character sits in its YAML file."""
    mark = text.mark
    file_lines = lines.get(mark.file, [])
    line, column = mark.line, mark.column
    if text.style in ("'", '"'):
        column += 1
    elif text.style in ("|", ">"):
        line += 1
        body = file_lines[line - 1] if line - 1 < len(file_lines) else ""
        column = len(body) - len(body.lstrip(" ")) + 1
    source = file_lines[line - 1] if 0 < line <= len(file_lines) else None
    return Location(file=mark.file, line=line, column=column, source_line=source, path=path)


def relocate(err: PerkinError, text: PosStr, lines: dict[str, list[str]], path: str) -> PerkinError:
    """A formula error moved from formula coordinates into its YAML file."""
    host = formula_location(text, lines, path)
    own = err.location
    own_line, own_col = own.line or 1, own.column or 1
    file_lines = lines.get(host.file or "", [])
    line = (host.line or 1) + own_line - 1
    if own_line == 1:
        shift = (host.column or 1) - 1
    else:
        body = file_lines[line - 1] if 0 < line <= len(file_lines) else ""
        shift = len(body) - len(body.lstrip(" ")) if text.style in ("|", ">") else 0
    end = own.end_column + shift if own.end_column else None
    source = file_lines[line - 1] if 0 < line <= len(file_lines) else own.source_line
    loc = Location(
        file=host.file,
        line=line,
        column=own_col + shift,
        end_column=end,
        source_line=source,
        path=path,
    )
    return err.with_location(loc)
