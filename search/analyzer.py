"""Swedish lexical analysis for the FTS index: tokens → stems, plus compound parts.

Why each step:
- NFC + lower-case: the same word typed in a query and extracted from a PDF must compare equal.
- Lemmatise (simplemma) then stem (Snowball): Snowball alone splits paradigms such as
  kostnad/kostnader ("kostn" vs "kostnad"); stemming the lemma makes them converge.
- Decompounding: Swedish writes compounds as one word ("placeringskostnader"), so a query on
  "kostnader placering" would otherwise never meet the document, and vice versa. Each compound
  also yields its parts' stems as extra tokens, so both directions match.

The decompounder needs to know what a word is. The vocabulary is a built-in list of common
words of municipal papers plus stems learned from the indexed corpus (`Analyzer.learn`); the
store persists those counts so query and document analysis agree across processes.
"""
from __future__ import annotations

import math
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import Stemmer

# Swedish function words: NLTK's list plus modal/auxiliary verbs and abbreviations that fill
# committee prose ("ska", "enligt", "bl.a.") without carrying topic.
STOPWORDS: frozenset[str] = frozenset("""
och det att i en jag hon som han på den med var sig för så till är men ett om hade de av icke
mig du henne då sin nu har inte hans honom skulle hennes där min man ej vid kunde något från ut
när efter upp vi dem vara vad över än dig kan sina här ha mot alla under någon eller allt mycket
sedan ju denna själv detta åt utan varit hur ingen mitt ni bli blev oss din dessa några deras
blir mina samma vilken er sådan vår blivit dess inom mellan sådant varför varje vilka ditt vem
vilket sådana vart dina vars vårt våra ert era vilkas
ska skall också även samt bör får fått måste kommer finns fanns gäller enligt genom dock hos
per både andra annan annat mer mera mest redan eftersom därför dvs bl t ex etc nr ca cirka
haft gör göra gjort gjorde in fram ner alltså ännu hela helt sig sitt sina kunna vill ville
skulle the of and to då vilken varav därav detta dessa denne vars vidare respektive resp
""".split())

# Extra words that only make noise in typed questions ("hur stort underskott hade …").
QUERY_STOPWORDS: frozenset[str] = STOPWORDS | frozenset("""
vems stort stor stora många mycket fick kom tyckte sa sade finns ges gavs
""".split())

# Common free-standing words of Swedish municipal papers, seeding the decompounder before any
# corpus is indexed. Surface forms; they are normalised like any other word on load.
BUILTIN_WORDS: tuple[str, ...] = tuple("""
barn unga ungdom ungdomar vuxen vuxna äldre kvinna kvinnor man män familj familjer förälder
föräldrar person personer individ elev elever brukare klient patient anhörig anhöriga
ensam kommande konvention konventionen schablon ersättning ersättningar bidrag stöd insats
insatser placering placeringar kostnad kostnader intäkt intäkter budget ram prognos resultat
underskott överskott bokslut utfall avvikelse avvikelser plan planer policy program strategi
rutin rutiner riktlinje riktlinjer ordning delegation uppföljning utvärdering rapport rapporter
granskning kontroll intern revision kvalitet ledning system ledningssystem tillsyn tillstånd
beslut nämnd nämnden styrelse fullmäktige utskott arbetsutskott kommun region stat förvaltning
social socialtjänst tjänst tjänster hem hemmet boende boenden vård omsorg hälsa sjukvård
skola skolor förskola utbildning arbete arbets arbetsmiljö miljö personal medarbetare chef
ledare anställd anställda lön löner pension tid dag natt vecka månad kvartal halvår år
hus gård lokal lokaler försörjning ekonomi ekonomisk bistånd försörjningsstöd missbruk
beroende våld kris jour gäng brott brottslighet polis rätt lag regel regler rättighet
incident incidenter uppgift uppgifter personuppgift personuppgifter säkerhet risk risker
handling handlingar sekretess dokument diarium ärende ärenden protokoll kallelse yttrande
remiss svar förslag skrivelse anmälan ansökan avgift avgifter taxa taxor tillgång
behov bedömning utredning utredningar åtgärd åtgärder mål målet syfte uppdrag projekt
samverkan samarbete överenskommelse avtal upphandling inköp köp försäljning servering
alkohol tobak spel trafik bostad bostäder lägenhet lägenheter fastighet fastigheter
bygg byggnad mark energi klimat natur vatten avfall kultur fritid idrott bibliotek
digital digitalisering teknik information kommunikation service kund medborgare invånare
integration flykting flyktingar asyl mottagande nyanlända språk tolk funktion
funktionsnedsättning funktionshinder assistans ledsagning kontakt kontaktperson
familjehem jourhem institution hvb behandling öppenvård vårdnad vårdnadshavare
adoption umgänge skydd skyddat placerad orosanmälan anmälningar signal skola
bokslut årsredovisning delår helår verksamhet verksamhets nämnds kommun kommunens
inkomst skatt skattesats ränta investering investeringar drift lokalförsörjning
kompetens kompetensförsörjning rekrytering sjukfrånvaro frånvaro närvaro hälsa
ordförande ledamot ledamöter ersättare sekreterare justering justerare sammanträde möte
""".split())

_TOKEN = re.compile(r"[^\W_]+")
# Parts of words that look like words but are derivational suffixes ("verksam|het",
# "beslut|ande"): splitting there would invent topics the text does not have.
_NOT_PARTS: frozenset[str] = frozenset("""
het heten heter ning ningen ningar else elsen skap skapet ande ende are arna lig liga ligt isk
iska iskt tion ion ism ist ing ering ighet ell ella era erna orna ena itet ens ans ade ats aren
mande samhet sam bar bara lös lösa fri full mässig vis sida
""".split())
_BUILTIN_FREQ = 20  # pseudo-count: a built-in word counts as a moderately common word
_MIN_CORPUS_FREQ = 2  # a stem seen once (typo, OCR noise, a name) is not a safe part
_MIN_WORD_LEN = 6


_stem_lock = threading.Lock()
_stemmer = Stemmer.Stemmer("swedish")


@lru_cache(maxsize=1)
def _lemmatizer():
    # simplemma loads its Swedish dictionary on first use (~0.5 s): do it lazily, once.
    import simplemma

    return simplemma


@lru_cache(maxsize=500_000)
def stem(word: str) -> str:
    """Normalised form of one lower-case word: Snowball stem of its lemma (see module doc)."""
    if word.isdigit():
        # "0248" and "248" are the same serial in case numbers.
        return word.lstrip("0") or "0"
    if len(word) <= 3 or not word.isalpha():
        # Short tokens are mostly abbreviations (SN, KS, IVO): a lemma would invent a word.
        with _stem_lock:
            return _stemmer.stemWord(word)
    lemma = _lemmatizer().lemmatize(word, lang="sv")
    if not isinstance(lemma, str) or not lemma:
        lemma = word
    lemma = lemma.lower()
    with _stem_lock:  # PyStemmer objects are not thread-safe
        return _stemmer.stemWord(lemma)


@lru_cache(maxsize=1 << 18)
def _part_candidates(part: str, is_head: bool) -> tuple[tuple[str, str, bool], ...]:
    """(surface, stem, is_short) readings of `part` as a compound member, before vocabulary.

    Everything here depends on the word alone, so it is computed once per process; only the
    frequency test (`Analyzer._part`) depends on the vocabulary.
    """
    candidates = [part]
    if is_head and len(part) > 3 and part[-1] in "seuo":
        # Linking morphemes: placering-s-kostnad, barn-e-barn, gat-u-kök, kvinn-o-jour.
        candidates.insert(0, part[:-1])
    out = []
    for c in candidates:
        if len(c) < 3 or c in STOPWORDS or c in _NOT_PARTS or c.isdigit():
            continue
        s = stem(c)
        if len(s) < 3 or s in _NOT_PARTS:
            continue
        out.append((c, s, len(c) < 4))
    return tuple(out)


def normalize(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


def words(text: str) -> list[str]:
    """Lower-case NFC words (letters incl. åäöéü, digits) in order."""
    return _TOKEN.findall(normalize(text))


class Analyzer:
    """Tokeniser + stemmer + decompounder over a vocabulary that can learn from the corpus."""

    def __init__(self, corpus_counts: dict[str, int] | None = None) -> None:
        self._builtin: set[str] = {stem(w) for w in BUILTIN_WORDS if len(w) >= 3}
        self._corpus: Counter[str] = Counter()
        self._word_cache: dict[str, tuple[str, ...]] = {}
        self._split_cache: dict[tuple[str, int], list[tuple[str, str, int]]] = {}
        if corpus_counts:
            self._corpus.update(corpus_counts)

    # -- vocabulary -------------------------------------------------------------------------
    def learn(self, texts: Iterable[str], *, refresh: bool = True) -> Counter[str]:
        """Count the stems of `texts` into the vocabulary; returns the counts added (to persist).

        `refresh=False` keeps the cached word analyses although the vocabulary grew: a batch
        of files re-analyses everything once at its end (`Store.batch`), so re-splitting every
        word after every file would be wasted work (it dominated batch ingestion).
        """
        added: Counter[str] = Counter()
        for text in texts:
            for w in words(text):
                if len(w) >= 3 and not w.isdigit() and w not in STOPWORDS:
                    added[stem(w)] += 1
        if added:
            self._corpus.update(added)
            if refresh:
                self.refresh()  # splits may change with the new vocabulary
        return added

    def refresh(self) -> None:
        """Forget cached word analyses, so the next ones use the current vocabulary."""
        self._word_cache.clear()
        self._split_cache.clear()

    def add_counts(self, counts: dict[str, int]) -> None:
        """Add (or, with negative values, withdraw) stem counts."""
        for k, v in counts.items():
            n = self._corpus.get(k, 0) + v
            if n > 0:
                self._corpus[k] = n
            else:
                self._corpus.pop(k, None)
        self.refresh()

    def _freq(self, s: str) -> int:
        f = self._corpus.get(s, 0)
        if f < _MIN_CORPUS_FREQ:
            f = 0
        if s in self._builtin:
            f += _BUILTIN_FREQ
        return f

    def _part(self, part: str, is_head: bool) -> tuple[str, str, int] | None:
        """(surface, stem, frequency) when `part` can stand as a compound member, else None."""
        for c, s, short in _part_candidates(part, is_head):
            f = self._freq(s)
            # Three-letter parts are too easily accidental; trust them only from the built-in list.
            if f and (not short or s in self._builtin):
                return c, s, f
        return None

    def _best_split(self, word: str, depth: int) -> list[tuple[str, str, int]]:
        """Best split of `word` into known parts (surface, stem, freq); [] when none."""
        if len(word) < _MIN_WORD_LEN or depth <= 0 or not word.isalpha():
            return []
        # Tails and parts recur across the words of a text (…kostnader, …planen): remember
        # splits as long as the vocabulary they were made with (cleared with the word cache).
        key = (word, depth)
        done = self._split_cache.get(key)
        if done is None:
            done = self._split_cache[key] = self._best_split_uncached(word, depth)
        return done

    def _best_split_uncached(self, word: str, depth: int) -> list[tuple[str, str, int]]:
        best: tuple[float, list[tuple[str, str, int]]] | None = None
        for i in range(3, len(word) - 2):
            head = self._part(word[:i], is_head=True)
            if head is None:
                continue
            tail = self._part(word[i:], is_head=False)
            if tail is not None:
                parts = [head, tail]
                # Geometric mean of part frequencies (Koehn & Knight): prefers common parts.
                score = math.sqrt(head[2] * tail[2])
            else:
                sub = self._best_split(word[i:], depth - 1)
                if not sub:
                    continue
                parts = [head, *sub]
                # A three-part reading is riskier: it must beat two-part ones clearly.
                score = math.prod(p[2] for p in parts) ** (1 / len(parts)) * 0.5
            if best is None or score > best[0]:
                best = (score, parts)
        return best[1] if best else []

    def split(self, word: str, depth: int = 2) -> list[str]:
        """Stems of the parts of compound `word` ([] when it is not one).

        Parts that are compounds themselves are expanded too, so
        "kompetensförsörjningsplan" yields kompetensförsörjning, kompetens, försörjning, plan.
        """
        out: list[str] = []
        for surface, s, _ in self._best_split(word, depth):
            if s not in out:
                out.append(s)
            if depth > 1:
                for sub in self.split(surface, depth - 1):
                    if sub not in out:
                        out.append(sub)
        return out

    # -- analysis ---------------------------------------------------------------------------
    def _word_tokens(self, w: str) -> tuple[str, ...]:
        toks = self._word_cache.get(w)
        if toks is None:
            s = stem(w)
            toks = (s, *[p for p in self.split(w) if p != s])
            if len(self._word_cache) > 300_000:
                self.refresh()
            self._word_cache[w] = toks
        return toks

    def analyze(self, text: str, stopwords: frozenset[str] = STOPWORDS, *, compounds: bool = True) -> list[str]:
        """Index tokens of `text`: stems of non-stopwords, each compound followed by its parts.

        `compounds=False` gives the stems alone: for index rows that a batch re-analyses at its
        end anyway (`Store.batch`), where splitting every new word twice was the main cost.
        """
        out: list[str] = []
        words_ = [w for w in _TOKEN.findall(normalize(text)) if w not in stopwords]
        if not compounds:
            return [stem(w) for w in words_]
        cache = self._word_cache
        for w in words_:
            toks = cache.get(w) or self._word_tokens(w)
            out.extend(toks)
        return out

    def analyze_query(self, text: str) -> list[str]:
        """Query tokens: like `analyze` with question words dropped, duplicates removed."""
        seen: dict[str, None] = {}
        for t in self.analyze(text, QUERY_STOPWORDS):
            seen.setdefault(t, None)
        if not seen:
            # A query of only stopwords ("vem är hon") still deserves an attempt.
            for t in self.analyze(text, frozenset()):
                seen.setdefault(t, None)
        return list(seen)

    def word_matches(self, word: str, query_tokens: set[str]) -> bool:
        """Whether a text word would match one of `query_tokens` (used for highlighting)."""
        w = normalize(word)
        if w in STOPWORDS:
            return False
        return any(t in query_tokens for t in self._word_tokens(w))


_default: Analyzer | None = None


def default_analyzer() -> Analyzer:
    global _default
    if _default is None:
        _default = Analyzer()
    return _default


def analyze(text: str) -> list[str]:
    """Document tokens with the built-in vocabulary (a Store uses its own, corpus-aware analyzer)."""
    return default_analyzer().analyze(text)


def analyze_query(text: str) -> list[str]:
    return default_analyzer().analyze_query(text)
