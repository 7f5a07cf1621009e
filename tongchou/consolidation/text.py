"""Chinese text into terms for the duplicate-construction check.

jieba is loaded once per process (its first load builds a prefix dictionary and writes a cache,
~0.6 s) with a user dictionary of government terms so that 电子监察, 数字城管, 视频监控 … stay whole.
A synonym list maps different wordings of one concept to one term (效能监察 → 电子监察), and a stop
list drops words every project uses (建设, 系统, 平台 …). English and other Latin words are kept
lower-cased; digits and punctuation are dropped.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"
# Longest text a check reads: longer input is cut (a 100,000-character paste stays fast).
MAX_CHARS = 20000
TERMS_VERSION = 1  # bump when the dictionary, synonyms or stop list change: cached terms are redone

_lock = threading.Lock()
_tokenizer: Any = None
_WORD = re.compile(r"[\u4e00-\u9fff]+|[a-z][a-z0-9\-]*")


def _read_lines(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def tokenizer() -> Any:
    """The process's one jieba tokenizer with the government user dictionary loaded."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tok = jieba.Tokenizer()
                tok.initialize()
                tok.load_userdict(str(DATA / "govterms.txt"))
                for line in _read_lines("synonyms.txt"):
                    for word in line.split():
                        if re.fullmatch(r"[\u4e00-\u9fff]{2,}", word):
                            tok.add_word(word, freq=50)
                _tokenizer = tok
    return _tokenizer


@cache
def synonyms() -> dict[str, str]:
    mapping: dict[str, str] = {}
    for line in _read_lines("synonyms.txt"):
        words = line.split()
        for word in words:
            mapping.setdefault(word.lower(), words[0].lower())
    return mapping


@cache
def stopwords() -> frozenset[str]:
    return frozenset(w for line in _read_lines("stopwords.txt") for w in line.split())


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "")[:MAX_CHARS].lower()


def terms(text: str, *, bigrams: bool = True) -> list[str]:
    """The terms of ``text`` in order, with repeats: canonical, without stop words or single characters.
    With ``bigrams``, longer words also give their character bigrams (for matching, not for showing)."""
    text = normalize(text)
    if not text.strip():
        return []
    syn = synonyms()
    stop = stopwords()
    out: list[str] = []
    # One jieba call per text (per-clause calls cost more in call overhead than in segmenting).
    for word in tokenizer().lcut(text, HMM=False):
        if len(word) < 2 or not _WORD.fullmatch(word):
            continue  # punctuation, digits, single characters
        canonical = syn.get(word, word)
        if canonical in stop:
            continue
        out.append(canonical)
        if bigrams and len(word) >= 3 and not word.isascii():
            # Character bigrams of longer words: 雨量站 and 雨量 share 雨量, 组织关系 and 关系 share 关系.
            out.extend(b for b in (word[i : i + 2] for i in range(len(word) - 1)) if b != canonical and b not in stop)
    return out
