"""How a report names a ruleset's indicators, scores and rankings for a person: the name or title
the ruleset gives, in the current language (a title perkin writes itself is a MadeText), with
the id beside it wherever two of them read the same. 2023 prints 'Indeks Kepuasan Layanan Kota
Administrasi' twice, for the Kecamatan and for the Kota: a table of names alone could not tell
the two rows apart. Every view that shows names without their ids takes them from here, made
when the view is made (the language is the view's)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from dsl.i18n import _
from engine.ruleset.model import Indicator, Ruleset


@dataclass(frozen=True, slots=True)
class ShownNames:
    """The names of one ruleset as one view shows them, by id; a name two of them share (indicators
    and scores together, rankings among themselves) carries the id: 'IKLKA (iklka_kota)'."""

    indicators: dict[str, str]
    scores: dict[str, str]
    rankings: dict[str, str]

    @staticmethod
    def of(rs: Ruleset) -> ShownNames:
        """The ruleset's names in the current language."""
        titled = [("indicator", i.id, i.name) for i in rs.indicators.values()]
        titled += [("score", s.id, s.title) for s in rs.scores.values()]
        titles = _distinct(titled)
        rankings = _distinct(("ranking", r.id, str(r.title)) for r in rs.rankings.values())
        return ShownNames(
            {i: titles[("indicator", i)] for i in rs.indicators},
            {s: titles[("score", s)] for s in rs.scores},
            {r: rankings[("ranking", r)] for r in rs.rankings},
        )

    def indicator(self, indicator: str) -> str:
        """An indicator's name as shown; its id when the ruleset gives it none."""
        return self.indicators.get(indicator) or indicator

    def numbered(self, ind: Indicator) -> str:
        """An indicator's name as a PK table prints it, after its number: '1.1. Indeks …'."""
        name = self.indicators.get(ind.id, ind.name)
        return f"{ind.no}. {name}" if ind.no else name

    def title_of(self, name: str) -> str:
        """As Ruleset.title_of: a score's title, an indicator's (or its part's) name, else the
        name itself (an input's or a figure's id, which is all a person has)."""
        if name in self.scores:
            return self.scores[name] or name
        return self.indicators.get(name.split(".", 1)[0]) or name

    def ranking(self, ranking: str) -> str:
        """A ranking's title as shown; its id when it has none."""
        return self.rankings.get(ranking) or ranking


def _distinct(named: Iterable[tuple[str, str, str]]) -> dict[tuple[str, str], str]:
    """(kind, id) → the text shown: the name, or the name and id where the same name (spaces
    and case aside) is another's too. An empty name stays empty (the caller shows the id)."""
    named = list(named)
    holders: dict[str, int] = defaultdict(int)
    for _kind, _id, text in named:
        holders[_key(text)] += 1
    return {
        (kind, id_): _("{name} ({id})").format(name=text, id=id_)
        if text and holders[_key(text)] > 1
        else text
        for kind, id_, text in named
    }


def _key(text: str) -> str:
    """What a reader compares: the words, not their spacing or case."""
    return " ".join(text.split()).casefold()
