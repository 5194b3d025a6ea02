"""Usernames: what may be typed, how it is shown, and the canonical key that is unique.

Names appear on leaderboards, so two accounts must never look alike. A name is
shown as typed (NFC, runs of spaces collapsed), but compared on its key: NFKC,
case-folded, with look-alike letters and digits folded onto one letter (so
`Admin`, `ａｄｍｉｎ` and `adm1n` share the key of `admin`). Names that mix
scripts the way spoofs do (a Cyrillic `а` among Latin letters), names written
wholly in letters that pass for Latin ones, invisible fillers and stacked
combining marks are refused with a message that says which character is wrong.
"""

from __future__ import annotations

import unicodedata

MIN_LENGTH = 3
MAX_LENGTH = 40
MAX_KEY_LENGTH = 200
PUNCTUATION = frozenset(" _-.")
MAX_MARKS_PER_LETTER = 2

# Characters that render as nothing (or as blank space) but are letters, symbols or
# marks by category, so the category checks alone would let them through.
INVISIBLE = (
    frozenset(
        "\u115f\u1160\u3164\uffa0"  # Hangul fillers
        "\u2800"  # Braille pattern blank
        "\u034f"  # combining grapheme joiner
        "\u17b4\u17b5"  # Khmer inherent vowels
        "\u180b\u180c\u180d\u180e\u180f"  # Mongolian variation selectors and vowel separator
        "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"  # zero-width and format characters
        "\u061c\u00ad"  # Arabic letter mark, soft hyphen
        "\U0001d159\U0001d173\U0001d174\U0001d175\U0001d176\U0001d177\U0001d178\U0001d179\U0001d17a"
    )
    | frozenset(chr(c) for c in range(0xFE00, 0xFE10))
    | frozenset(chr(c) for c in range(0xE0100, 0xE01F0))
)

# Letters of other scripts (case-folded) that pass for Latin letters, and Latin
# letters that pass for plain ASCII ones: the key folds them onto what they imitate.
CONFUSABLES = {
    # Cyrillic
    "а": "a", "в": "b", "г": "r", "е": "e", "ё": "e", "з": "3", "і": "i", "ї": "i", "ј": "j", "к": "k",
    "м": "m", "н": "h", "о": "o", "п": "n", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s",
    "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l", "ь": "b", "ɡ": "g", "ү": "y", "ѡ": "w",
    # Greek
    "α": "a", "β": "b", "γ": "y", "ε": "e", "ζ": "z", "η": "n", "ι": "i", "κ": "k", "μ": "u", "ν": "v",
    "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ϲ": "c", "ϳ": "j",
    # Armenian
    "օ": "o", "ս": "u", "ո": "n", "հ": "h", "ց": "g", "զ": "q", "ք": "p", "ւ": "l",
    # Latin letters that imitate ASCII ones
    "ı": "i", "ɑ": "a", "ɩ": "i", "ɪ": "i", "ʏ": "y", "ꮃ": "w", "ᴀ": "a", "ᴄ": "c", "ᴏ": "o", "ᴜ": "u",
    # digits that pass for letters
    "0": "o", "1": "l",
}  # fmt: skip
MULTI_CONFUSABLES = (("rn", "m"), ("vv", "w"))

# Scripts that may share one name (Japanese, Chinese with Bopomofo, Korean), as in
# Unicode's "highly restrictive" profile; any other mixture is refused.
MIXABLE = (
    frozenset({"Latin", "Han", "Hiragana", "Katakana"}),
    frozenset({"Latin", "Han", "Bopomofo"}),
    frozenset({"Latin", "Han", "Hangul"}),
)
_SCRIPT_BY_PREFIX = {
    "CJK": "Han",
    "IDEOGRAPHIC": "Han",
    "KATAKANA-HIRAGANA": "Katakana",
    "HALFWIDTH": None,  # resolved by the next word (e.g. HALFWIDTH KATAKANA LETTER)
    "FULLWIDTH": None,
}


class UsernameError(ValueError):
    """Why a name cannot be used; shown on the form as is."""


def _describe(ch: str) -> str:
    name = unicodedata.name(ch, "control character" if unicodedata.category(ch) == "Cc" else "unnamed character")
    shown = ch if ch.isprintable() and not ch.isspace() else ""
    return f"{shown + ' ' if shown else ''}(U+{ord(ch):04X} {name})"


def _script(ch: str) -> str:
    """The script of a letter, from its Unicode name (Python has no script property)."""
    words = unicodedata.name(ch, "").split()
    while words and words[0] in _SCRIPT_BY_PREFIX and _SCRIPT_BY_PREFIX[words[0]] is None:
        words = words[1:]
    if not words:
        return "Unknown"
    return _SCRIPT_BY_PREFIX.get(words[0]) or words[0].title()


def username_key(name: str) -> str:
    """The canonical form two names share when they look the same; never raises.

    Used for uniqueness and for finding the account at login, so `ADMIN` logs in `admin`."""
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name or "").casefold())
    text = " ".join(text.split())
    folded = "".join(CONFUSABLES.get(ch, ch) for ch in text)
    for sequence, letter in MULTI_CONFUSABLES:
        folded = folded.replace(sequence, letter)
    return folded


def check_username(raw: str) -> tuple[str, str]:
    """(name as shown, canonical key), or UsernameError saying what to change."""
    shown = unicodedata.normalize("NFC", (raw or "").strip())
    for ch in shown:
        category = unicodedata.category(ch)
        if ch in INVISIBLE or category[0] == "C" or (category[0] == "Z" and ch != " "):
            raise UsernameError(f"username may not contain invisible, spacing or control characters: {_describe(ch)}")
    shown = " ".join(part for part in shown.split(" ") if part)
    if not MIN_LENGTH <= len(shown) <= MAX_LENGTH:
        raise UsernameError(f"username must be {MIN_LENGTH} to {MAX_LENGTH} characters")
    compat = unicodedata.normalize("NFKC", shown)
    scripts: set[str] = set()
    letters: list[str] = []
    for ch in compat:
        category = unicodedata.category(ch)
        if category[0] == "L":
            if category == "Lm" and "MODIFIER" in unicodedata.name(ch, "MODIFIER"):
                raise UsernameError(f"username may not contain modifier letters: {_describe(ch)}")
            scripts.add(_script(ch))
            letters.append(ch)
        elif category[0] == "M" or (ch.isascii() and (ch.isdigit() or ch in PUNCTUATION)):
            continue
        else:
            raise UsernameError(f"username may use letters, digits 0-9, spaces, '_', '-' and '.', not {_describe(ch)}")
    if not letters and not any(ch.isdigit() for ch in compat):
        raise UsernameError("username must contain a letter or a digit")
    _check_marks(shown)
    _check_scripts(scripts, letters)
    key = username_key(shown)
    if len(key) > MAX_KEY_LENGTH:
        raise UsernameError("username is too long once its characters are spelled out; choose a shorter one")
    return shown, key


def _check_marks(shown: str) -> None:
    """Refuse marks with nothing under them and marks stacked on one letter (counted
    decomposed, so a precomposed letter's own accent counts too)."""
    run: list[str] = []
    previous = ""
    for ch in unicodedata.normalize("NFD", shown):
        if unicodedata.category(ch)[0] == "M":
            if not previous or not unicodedata.category(previous)[0] == "L":
                raise UsernameError(f"username has a combining mark that is not on a letter: {_describe(ch)}")
            run.append(ch)
            if len(run) > MAX_MARKS_PER_LETTER or len(set(run)) < len(run):
                raise UsernameError("username may not stack accents or other combining marks on one letter")
        else:
            run = []
            previous = ch


def _check_scripts(scripts: set[str], letters: list[str]) -> None:
    """Refuse mixtures spoofs use, and non-Latin names made only of Latin look-alikes."""
    if len(scripts) > 1 and not any(scripts <= allowed for allowed in MIXABLE):
        raise UsernameError(
            "username mixes letters of different scripts (" + ", ".join(sorted(scripts)) + "); use one script"
        )
    if scripts and scripts != {"Latin"} and len(scripts) == 1:
        folded = [unicodedata.normalize("NFKC", ch.casefold()) for ch in letters]
        if all(ch in CONFUSABLES for ch in folded):
            raise UsernameError(
                f"username is written only in {next(iter(scripts))} letters that look like Latin ones, so it "
                "could pass for another name; write it in Latin letters or use a letter that looks like no Latin one"
            )
