"""Maintain the message catalogues with Babel: extract every marked text, update the `.po` files,
compile them, and check that nothing is left untranslated.

    python -m dsl.catalogue update   # extract, merge into each .po (new texts come untranslated)
    python -m dsl.catalogue compile  # .po → .mo (the runtime reads the .mo)
    python -m dsl.catalogue check    # what tests/test_translations.py checks, as a list

A development tool: it reads the source tree beside the installed package.
"""

from __future__ import annotations

import io
import string
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from dsl.i18n import DOMAIN, LANGUAGES, LOCALE_DIR

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("dsl", "engine")
SINGLE_FILES = ("cli.py",)
TRANSLATED = tuple(lang for lang in LANGUAGES if lang != "en")


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def _found(root: Path) -> Iterator[tuple[str, int, str | tuple[str, ...], list[str], str | None]]:
    method_map = [("**.py", "python")]
    for folder in SOURCES:
        for filename, lineno, message, comments, context in extract_from_dir(
            root / folder, method_map, keywords=DEFAULT_KEYWORDS
        ):
            yield f"{folder}/{filename}", lineno, message, comments, context
    for name in SINGLE_FILES:
        if (root / name).exists():
            for lineno, message, comments, context in extract_from_file(
                "python", str(root / name), keywords=DEFAULT_KEYWORDS
            ):
                yield name, lineno, message, comments, context


def extract(root: Path = ROOT) -> Catalog:
    """Every text marked with _, ngettext, pgettext or N_ in dsl/, engine/ and cli.py."""
    template = Catalog(domain=DOMAIN, project="perkin", charset="utf-8")
    for filename, lineno, message, comments, context in _found(root):
        flags = ("python-brace-format",) if _has_fields(message) else ()
        where = [(filename, lineno)]
        template.add(message, None, where, auto_comments=comments, context=context, flags=flags)
    return template


def _has_fields(message: str | tuple[str, ...]) -> bool:
    return any(_fields(m) for m in ([message] if isinstance(message, str) else message))


def _fields(text: str) -> set[str]:
    """The names of the `{…}` placeholders of a text (empty for a text with none)."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"<unbalanced braces>"}


def read(lang: str) -> Catalog:
    path = po_path(lang)
    if not path.exists():
        return Catalog(locale=lang, domain=DOMAIN, project="perkin", charset="utf-8")
    with open(path, "rb") as po:
        return read_po(po, locale=lang, domain=DOMAIN)


def write(catalog: Catalog, lang: str) -> None:
    path = po_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, omit_header=False, sort_output=True, no_location=True, width=100)
    path.write_bytes(buffer.getvalue())


def compiled(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def update(root: Path = ROOT) -> None:
    """Merge the extracted texts into every translated catalogue; texts no longer in the source
    are dropped, new ones come in untranslated (no fuzzy guesses)."""
    template = extract(root)
    for lang in TRANSLATED:
        catalog = read(lang)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        write(catalog, lang)
        mo_path(lang).write_bytes(compiled(catalog))


def compile_all() -> None:
    for lang in TRANSLATED:
        mo_path(lang).write_bytes(compiled(read(lang)))


def _ids(message: Message) -> tuple[str, ...]:
    return (message.id,) if isinstance(message.id, str) else tuple(message.id)


def _strings(message: Message) -> tuple[str, ...]:
    if isinstance(message.string, str):
        return (message.string,)
    return tuple(message.string or ())


def problems(root: Path = ROOT) -> list[str]:
    """Every text that lacks a translation, a translation of a text that is gone, a translation
    whose placeholders differ from the source, a fuzzy entry and a stale .mo."""
    template = extract(root)
    found: list[str] = []
    for lang in TRANSLATED:
        catalog = read(lang)
        for message in template:
            if not message.id:
                continue
            where = ", ".join(f"{f}:{n}" for f, n in message.locations)
            entry = catalog.get(message.id, message.context)
            if entry is None or not all(_strings(entry)):
                found.append(f"{lang}: untranslated {_ids(message)[0]!r} ({where})")
                continue
            if entry.fuzzy:
                found.append(f"{lang}: fuzzy {_ids(message)[0]!r} ({where})")
            wanted = set().union(*(_fields(i) for i in _ids(message)))
            for text in _strings(entry):
                if _fields(text) - wanted or (len(_ids(message)) == 1 and _fields(text) != wanted):
                    found.append(
                        f"{lang}: placeholders of {text!r} differ from {_ids(message)[0]!r}"
                    )
        for entry in catalog:
            if entry.id and template.get(entry.id, entry.context) is None:
                found.append(f"{lang}: {_ids(entry)[0]!r} is no longer in the source")
        if not mo_path(lang).exists() or mo_path(lang).read_bytes() != compiled(catalog):
            found.append(f"{lang}: {mo_path(lang)} is stale; run python -m dsl.catalogue compile")
    return found


def _main(args: Iterable[str]) -> int:
    command = next(iter(args), "check")
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        found = problems()
        print("\n".join(found) or "ok")
        return 1 if found else 0
    else:
        print("usage: python -m dsl.catalogue update|compile|check", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
