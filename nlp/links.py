"""Agenda items ↔ the papers that belong to them, inside one meeting packet (many-to-many).

A paper belongs to an item when it carries one of the item's case numbers; failing that, when
its title and the item's title name the same matter; a report or bilaga that matches no item
follows the tjänsteskrivelse it is attached to (the nearest one before it). One paper can serve
several items (a joint report), and an item usually has several papers (tjänsteskrivelse + bilagor).
"""
from __future__ import annotations

import difflib
import re
import unicodedata

from nlp.records import AgendaLink, DocumentRecord

TITLE_MATCH = 0.8
_STOP = {"och", "för", "med", "av", "till", "från", "på", "om", "i", "en", "ett", "den", "det", "samt", "gällande",
         "avseende", "kommun", "kommuns", "ärende", "information", "anmälan"}
_FOLLOWERS = ("rapport", "bilaga", "remiss", "yttrande", "myndighetsbeslut", "protokollsutdrag")


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFC", s or "").lower()
    s = re.sub(r"[–—-]", " ", s)
    return " ".join(re.findall(r"[\wåäö/:.]+", s))


def _tokens(s: str) -> set[str]:
    return {w for w in re.findall(r"[a-zåäöé0-9]+", _norm(s)) if len(w) > 1 and w not in _STOP}


def title_similarity(a: str, b: str) -> float:
    """How surely two titles name the same matter: shared content words, checked by character similarity."""
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return 0.0
    cover = len(ta & tb) / min(len(ta), len(tb))
    if cover < 0.75 or len(ta & tb) < 2 and min(len(ta), len(tb)) > 1:
        return 0.0
    ratio = difflib.SequenceMatcher(None, _norm(a), _norm(b), autojunk=False).ratio()
    return round(max(ratio, cover * 0.95), 3)


def link_agenda(docs: list[DocumentRecord]) -> None:
    """Fill `AgendaItem.documents` and `DocumentRecord.agenda_links` for every kallelse in the file."""
    for k, kallelse in enumerate(docs):
        if kallelse.doc_type != "kallelse" or not kallelse.agenda_items:
            continue
        linked: dict[int, list[AgendaLink]] = {}
        for item in kallelse.agenda_items:
            keys = set(item.case_keys)
            for j, d in enumerate(docs):
                if j == k or d.doc_type in ("kallelse", "protokoll"):
                    continue
                if keys and keys & set(d.own_case_keys):
                    linked.setdefault(j, []).append(AgendaLink(kallelse=k, number=item.number, title=item.title, via="case_key"))
                    continue
                score = title_similarity(item.title, d.title or "")
                if score >= TITLE_MATCH:
                    linked.setdefault(j, []).append(
                        AgendaLink(kallelse=k, number=item.number, title=item.title, via="title", score=score))
        # a paper whose title resembles several items ("… IOP Kvinnojouren" / "… IOP Brottsofferjouren") keeps the closest
        for j, links in linked.items():
            titled = [l for l in links if l.via == "title"]
            if len(titled) > 1:
                best = max(l.score for l in titled)
                linked[j] = [l for l in links if l.via != "title" or l.score == best]
        owner: list[AgendaLink] = []
        for j, d in enumerate(docs):
            if j == k:
                continue
            if d.doc_type == "tjänsteskrivelse":
                owner = linked.get(j, [])
            elif j not in linked and d.doc_type in _FOLLOWERS and owner and j > k:
                linked[j] = [l.model_copy(update={"via": "attachment", "score": min(l.score, 0.6)}) for l in owner]
        by_number = {item.number: item for item in kallelse.agenda_items}
        for j in sorted(linked):
            docs[j].agenda_links.extend(linked[j])
            for link in linked[j]:
                item = by_number[link.number]
                if j not in item.documents:
                    item.documents.append(j)
