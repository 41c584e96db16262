"""The clinical reference library: one Catalog that looks targets up and searches them.

The entries themselves (acupoints, extra points, trigger-point regions) are in
planner.domain.catalog_entries. The data comes from planner.catalog (which reads and
validates the shipped files); nothing here does IO.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator

from planner.domain.catalog_entries import (
    TRIGGER_PREFIX,
    Acupoint,
    Flag,
    FlagNote,
    PointKind,
    Source,
    Target,
    TriggerRegion,
)
from planner.domain.errors import DomainError, NotFoundError
from planner.domain.text import fold, fold_words


class CatalogError(DomainError):
    """The shipped reference data is broken; the message names file, entry and field."""

    def __init__(self, message: str, problems: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.problems: tuple[str, ...] = tuple(problems) or (message,)

    @classmethod
    def from_problems(cls, problems: Iterable[str]) -> CatalogError:
        """The first problem as the message; the rest are counted and kept in `problems`."""
        items = tuple(problems)
        if not items:
            raise ValueError("CatalogError needs at least one problem")
        more = len(items) - 1
        suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        return cls(items[0] + suffix, items)


def compact(text: str) -> str:
    """Folded letters and digits only: 'GB-21' -> 'gb21', 'Jiān jǐng' -> 'jianjing'."""
    return "".join(c for c in fold(text) if c.isalnum())


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

# The catalog stores simplified characters; practitioners trained in Taiwan or Hong Kong type
# traditional ones (風池). Folding the query with the characters used in point names is enough.
_TRADITIONAL = str.maketrans(
    "風門關陽陰頭臨竅衝靈會谿後養貞顴聽宮攢處絡卻膽腸環飛崑崙僕參湧鐘鍾復築賓橫氣滿註澤間內勞溝瀆濼"
    "顱孫絲頷懸釐鬢淵輒維俠脈長強樞縮臺啞腦頂顖兌齦極闕鳩華蓋璣漿雲經魚際歷溫裏頰車戶庫歸來犢虛條豐"
    "厲隱機結竇鄉榮綱倉邊揚",
    "风门关阳阴头临窍冲灵会溪后养贞颧听宫攒处络却胆肠环飞昆仑仆参涌钟钟复筑宾横气满注泽间内劳沟渎泺"
    "颅孙丝颔悬厘鬓渊辄维侠脉长强枢缩台哑脑顶囟兑龈极阙鸠华盖玑浆云经鱼际历温里颊车户库归来犊虚条丰"
    "厉隐机结窦乡荣纲仓边扬",
)

# Search tiers, best first.
_EXACT_CODE, _CODE_PREFIX, _EXACT_NAME, _NAME_PREFIX, _WORDS, _SUBSTRING = range(6)


class _Prefixes:
    """Sorted (key, index) pairs answering 'which keys start with p' by bisection."""

    def __init__(self, pairs: Iterable[tuple[str, int]]) -> None:
        self._pairs = sorted(set(pairs))
        self._keys = [k for k, _ in self._pairs]

    def starting_with(self, prefix: str) -> Iterator[int]:
        i = bisect_left(self._keys, prefix)
        while i < len(self._keys) and self._keys[i].startswith(prefix):
            yield self._pairs[i][1]
            i += 1


class Catalog:
    """All targets with case-insensitive lookups and a ranked search; built once."""

    def __init__(
        self,
        acupoints: Iterable[Acupoint],
        trigger_regions: Iterable[TriggerRegion],
        sources: Iterable[Source],
    ) -> None:
        self.acupoints: tuple[Acupoint, ...] = tuple(acupoints)
        self.trigger_regions: tuple[TriggerRegion, ...] = tuple(trigger_regions)
        self.sources: tuple[Source, ...] = tuple(sources)
        self._sources = {s.id: s for s in self.sources}
        self._codes: dict[str, tuple[Acupoint, str | None]] = {}
        for point in self.acupoints:
            self._add_code(compact(point.code), point, None)
            for level in point.levels:
                self._add_code(compact(point.code + level), point, level)
        self._muscles: dict[str, TriggerRegion] = {}
        for region in self.trigger_regions:
            if region.muscle in self._muscles:
                raise CatalogError(f"duplicate muscle id: {region.muscle}")
            self._muscles[region.muscle] = region
        self._targets: tuple[Target, ...] = (*self.acupoints, *self.trigger_regions)
        self._build_search_index()

    def _add_code(self, key: str, point: Acupoint, level: str | None) -> None:
        if key in self._codes:
            raise CatalogError(f"duplicate code: {point.code}")
        self._codes[key] = (point, level)

    # -- lookups ---------------------------------------------------------------------

    def acupoint(self, code: str) -> Acupoint | None:
        """'GB21', 'gb21', 'EX-B2' or a Jiaji level such as 'EX-B2-T4'."""
        found = self._codes.get(compact(code))
        return found[0] if found else None

    def trigger_region(self, muscle: str) -> TriggerRegion | None:
        """By muscle id ('levator-scapulae') or target id ('TP:levator-scapulae')."""
        key = muscle.strip().lower()
        if key.startswith(TRIGGER_PREFIX.lower()):
            key = key[len(TRIGGER_PREFIX) :]
        return self._muscles.get(key)

    def target(self, target_id: str) -> Target | None:
        """An acupoint code or 'TP:<muscle>', as plans and findings name targets."""
        if target_id.strip().upper().startswith(TRIGGER_PREFIX):
            return self.trigger_region(target_id)
        return self.acupoint(target_id)

    def target_flags(self, target_id: str) -> tuple[Flag, ...]:
        """Flags of 'GB21', 'EX-B2-T4' or 'TP:levator-scapulae'; unknown ids raise."""
        if target_id.strip().upper().startswith(TRIGGER_PREFIX):
            region = self.trigger_region(target_id)
            if region is None:
                raise NotFoundError(f"unknown trigger-point region: {target_id}")
            return region.flags
        found = self._codes.get(compact(target_id))
        if found is None:
            raise NotFoundError(f"unknown acupoint: {target_id}")
        point, level = found
        return point.flags_at(level)

    def flag_note(self, target_id: str, flag: Flag) -> FlagNote | None:
        target = self.target(target_id)
        if target is None:
            raise NotFoundError(f"unknown target: {target_id}")
        return target.note_for(flag)

    def source(self, source_id: str) -> Source:
        try:
            return self._sources[source_id]
        except KeyError:
            raise NotFoundError(f"unknown source: {source_id}") from None

    def standard_points(self) -> tuple[Acupoint, ...]:
        return tuple(p for p in self.acupoints if p.kind is PointKind.STANDARD)

    def in_depth(self) -> tuple[Acupoint, ...]:
        return tuple(p for p in self.acupoints if p.detail is not None)

    def __iter__(self) -> Iterator[Target]:
        return iter(self._targets)

    def __len__(self) -> int:
        return len(self._targets)

    # -- search ----------------------------------------------------------------------

    def _build_search_index(self) -> None:
        self._exact_code: dict[str, list[int]] = {}
        self._exact_name: dict[str, list[int]] = {}
        code_keys: list[tuple[str, int]] = []
        name_keys: list[tuple[str, int]] = []
        word_keys: list[tuple[str, int]] = []
        self._hanzi: list[tuple[str, int]] = []
        self._blobs: list[str] = []  # all compact names, for the substring tier
        for i, target in enumerate(self._targets):
            if isinstance(target, Acupoint):
                codes = [compact(target.code + level) for level in ("", *target.levels)]
                names = [target.pinyin_ascii, target.english, *target.aliases]
                words = [target.pinyin_ascii, target.english, *target.aliases]
                if target.hanzi:
                    self._hanzi.append((target.hanzi, i))
            else:
                codes = [compact(target.muscle)]
                names = [target.name, *target.aliases]
                words = [target.name, target.muscle, *target.aliases]
            for key in codes:
                self._exact_code.setdefault(key, []).append(i)
                code_keys.append((key, i))
            compact_names = [compact(n) for n in names if compact(n)]
            for key in compact_names:
                self._exact_name.setdefault(key, []).append(i)
                name_keys.append((key, i))
            word_keys.extend((w, i) for text in words for w in fold_words(text))
            self._blobs.append(" ".join(compact_names))
        self._code_prefix = _Prefixes(code_keys)
        self._name_prefix = _Prefixes(name_keys)
        self._word_prefix = _Prefixes(word_keys)

    def search(self, text: str, limit: int | None = None) -> list[Target]:
        """Targets matching code, pinyin (tones and spaces optional), English or Chinese
        name, or muscle name; exact code first, then code prefixes, then name matches."""
        text = text.translate(_TRADITIONAL)
        key = compact(text)
        if not key:
            return []
        tiers: dict[int, int] = {}

        def hit(indexes: Iterable[int], tier: int) -> None:
            for i in indexes:
                if tiers.get(i, tier + 1) > tier:
                    tiers[i] = tier

        hit(self._exact_code.get(key, ()), _EXACT_CODE)
        hit(self._code_prefix.starting_with(key), _CODE_PREFIX)
        hit(self._exact_name.get(key, ()), _EXACT_NAME)
        hit(self._name_prefix.starting_with(key), _NAME_PREFIX)
        if _CJK.search(text):
            wanted = "".join(_CJK.findall(text))
            hit((i for hanzi, i in self._hanzi if wanted in hanzi), _NAME_PREFIX)
        words = fold_words(text)
        if words:
            matched = set(self._word_prefix.starting_with(words[0]))
            for word in words[1:]:
                matched &= set(self._word_prefix.starting_with(word))
            hit(matched, _WORDS)
        if len(key) >= 3:
            hit((i for i, blob in enumerate(self._blobs) if key in blob), _SUBSTRING)
        ranked = sorted(tiers, key=lambda i: (tiers[i], i))
        if limit is not None:
            ranked = ranked[:limit]
        return [self._targets[i] for i in ranked]
