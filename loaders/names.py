"""Company names folded to what identifies the firm, for entity resolution.

:func:`computechain.queries.lookup.normalise` ignores case, width and punctuation only.
:class:`NameFolder` also drops what many spellings of one firm differ by: legal forms and
generic descriptors (``lookups/legal_forms.csv``: Inc., Corp., Co., Ltd., Holdings, Group, AG,
SE, N.V., Kabushiki Kaisha, 股份有限公司, 有限公司 ...), a leading Chinese city or province
(``lookups/place_names.csv``: Tianshui, Hubei, 北京 ...), parentheticals (kept as names of their
own: "Alphabet (Google)" answers to Alphabet and to Google), and "&" / "and". Both tables are
data: a user adds a legal form or a place with ``--lookups DIR``.

Examples
--------
>>> from computechain.loaders.lookups import DEFAULT_LOOKUPS
>>> folder = NameFolder.from_lookups(DEFAULT_LOOKUPS)
>>> folder.fold("Tianshui Huatian Technology Co., Ltd.") == folder.fold("Huatian Technology")
True
>>> sorted(folder.keys("Alphabet (Google)"))
['alphabet', 'google']
>>> folder.fold("湖北鼎龙控股股份有限公司"), folder.tokens("Electro Scientific Industries, Inc.")
('鼎龙', ('electro', 'scientific', 'industries'))
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from computechain.loaders.lookups import Lookups

_PARENTHETICAL = re.compile(r"[(（]([^()（）]*)[)）]")
_CJK = re.compile(r"[\u3400-\u9fff]")


def words(text: str) -> list[str]:
    """The lower-case words of ``text`` (``&`` read as *and*)."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("&", " and ")
    return [w for w in re.split(r"[\W_]+", folded.replace("'", "")) if w]


@dataclass(frozen=True)
class NameFolder:
    """Legal forms (as word tuples; descriptors apart) and place names, from the lookups."""

    forms: frozenset[tuple[str, ...]]
    descriptors: frozenset[tuple[str, ...]]
    places: frozenset[str]
    cjk_suffixes: tuple[str, ...]
    cjk_places: tuple[str, ...]

    @classmethod
    def from_lookups(cls, lookups: Lookups) -> NameFolder:
        forms = lookups.rows("legal_forms")
        latin = [(tuple(words(r.cells["form"])), r.cells["language"])
                 for r in forms if not _CJK.search(r.cells["form"])]
        places = [r.cells["name"] for r in lookups.rows("place_names")]
        return cls(
            forms=frozenset(w for w, language in latin if w and language != "descriptor"),
            descriptors=frozenset(w for w, language in latin if w and language == "descriptor"),
            places=frozenset("".join(words(p)) for p in places if not _CJK.search(p)),
            cjk_suffixes=tuple(sorted((r.cells["form"] for r in forms if _CJK.search(r.cells["form"])), key=len,
                                      reverse=True)),
            cjk_places=tuple(sorted((p for p in places if _CJK.search(p)), key=len, reverse=True)),
        )

    def _strip(self, found: list[str], table: frozenset[tuple[str, ...]]) -> list[str]:
        """``found`` without legal forms of ``table`` at either end (longest first, repeatedly)."""
        changed = True
        while changed and found:
            changed = False
            for size in (3, 2, 1):
                if len(found) > size and tuple(found[-size:]) in table:
                    found, changed = found[:-size], True
                    break
                if len(found) > size and tuple(found[:size]) in table:
                    found, changed = found[size:], True
                    break
        return found

    def tokens(self, name: str) -> tuple[str, ...]:
        """The words of ``name`` without parentheticals, legal forms and a leading place (the
        descriptors kept: an acronym is made of them)."""
        found = self._strip([w for w in words(_PARENTHETICAL.sub(" ", name)) if w != "and"], self.forms)
        if len(found) > 1 and found[0] in self.places:
            found = found[1:]
        return tuple(found)

    def _fold_cjk(self, text: str) -> str:
        text = re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", _PARENTHETICAL.sub("", text)))
        changed = True
        while changed:
            changed = False
            for suffix in self.cjk_suffixes:
                if text.endswith(suffix) and len(text) > len(suffix):
                    text, changed = text[: -len(suffix)], True
        for place in self.cjk_places:
            if text.startswith(place) and len(text) > len(place) + 1:
                return text[len(place):]
        return text

    def fold(self, name: str) -> str:
        """The folded key of ``name`` (descriptors such as Technology dropped too)."""
        if _CJK.search(name):
            return self._fold_cjk(name)
        return "".join(self._strip(list(self.tokens(name)), self.descriptors))

    def keys(self, name: str) -> set[str]:
        """Folded keys of ``name`` and of each of its parentheticals."""
        return {k for k in (self.fold(name), *(self.fold(p) for p in _PARENTHETICAL.findall(name))) if k}


def acronym(tokens: tuple[str, ...]) -> str:
    """Initials of a multi-word name ("" for one word).

    >>> acronym(("electro", "scientific", "industries"))
    'esi'
    """
    return "".join(t[0] for t in tokens) if len(tokens) > 1 else ""
