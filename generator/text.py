"""Characters of Chinese report text: what joins two pieces, what never belongs.

One home for the character rules every stage shares: the importer joins broken lines
with them, the record joins multi-line YAML scalars with them, and the loader and the
record refuse the characters the policy below refuses (see "the character policy").
"""

from __future__ import annotations

import functools
import re
import unicodedata

# CJK ideographs, CJK punctuation (U+3000–303F), full-width forms, curly quotes, the
# ellipsis and the em dash: Chinese typesetting never puts a space next to these.
WIDE = re.compile("[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef\u2018-\u201f\u2026\u2014]")


def name_key(name: str) -> str:
    """How two names are compared: after NFKC (full-width and compatibility forms folded)
    and case folding, so 黑溪镇 and its look-alikes count as the same name."""
    return unicodedata.normalize("NFKC", name).casefold()


def is_wide(char: str) -> bool:
    """True for a character that Chinese typesetting never separates with spaces."""
    return bool(WIDE.match(char))


def glue(left: str, right: str) -> str:
    """What joins two pieces of one paragraph: nothing next to Chinese, else a space."""
    if not left or not right or is_wide(left[-1]) or is_wide(right[0]):
        return ""
    return " "


def join_lines(text: str) -> str:
    """Join the lines of one paragraph, dropping blank lines and indentation.

    Chinese text has no spaces between words, so a line break between two Chinese
    characters disappears; between Latin words it becomes one space.
    """
    out = ""
    for line in (ln.strip() for ln in text.splitlines()):
        if line:
            out += glue(out, line) + line
    return out


# ---- the character policy ----------------------------------------------------------------
#
# Record text is published as YAML front matter, Markdown, HTML and XML (the Atom feed). A
# character is refused when one of those cannot carry it, or when it is invisible and so
# can make what a reader (or a reviewer of the YAML) sees differ from what is stored. The
# rule is by Unicode general category (``unicodedata.category``), so it covers every
# character of a class, not a list of examples:
#
#   Cc  controls (C0, DEL, C1, including U+0085 NEXT LINE); only tab and line feed pass
#   Cf  format characters: soft hyphen, U+061C ARABIC LETTER MARK, zero-width space and
#       joiners, bidi embeddings/overrides/isolates/marks, word joiner, BOM, the tag
#       characters U+E0000–E007F, interlinear annotation marks …
#   Cs  surrogates (not characters at all; UTF-8 cannot encode them)
#   Co  private use (every font shows something different, or nothing)
#   Cn  unassigned code points and the 66 noncharacters (U+FDD0–FDEF, U+xFFFE/xFFFF)
#   Zl, Zp  U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR: YAML counts them as line
#       breaks and editors do not (as with U+0085), so every later line number would be off
#
# One exception by range: unassigned code points in planes 2 and 3 (U+20000–3FFFD) pass.
# Those planes are reserved for CJK ideographs, and ideographs newer than this Python's
# Unicode tables (CJK Extension H and I, Unicode 15 and 15.1) are legitimate place names.
#
# Some invisible characters are in other categories; they are listed by hand (INVISIBLE),
# from Unicode's Default_Ignorable_Code_Point property plus blank symbols:
#   U+115F, U+1160, U+3164, U+FFA0  Hangul fillers (Lo): blank letters, used to fake
#                                   empty or look-alike names
#   U+034F COMBINING GRAPHEME JOINER, U+17B4/U+17B5 Khmer inherent vowels (deprecated)
#   U+180B–180D, U+180F Mongolian free variation selectors, U+FE00–FE0F and
#   U+E0100–E01EF variation selectors (Mn): invisible, and strings of them can smuggle
#   hidden data; a report needs neither emoji presentation nor ideographic variants
#   U+2800 BRAILLE PATTERN BLANK, U+1D159 MUSICAL SYMBOL NULL NOTEHEAD (So): blank glyphs
#
# Space separators (Zs: U+00A0, U+3000 …) are visible as space and pass.

_KINDS = {
    "Cc": ("控制字符", "control character"),
    "Cf": ("不可见的格式字符", "invisible format character"),
    "Cs": ("代理码位", "surrogate code point"),
    "Co": ("私用区字符", "private-use character"),
    "Cn": ("未分配的码位", "unassigned code point"),
    "Zl": ("行分隔符", "line separator"),
    "Zp": ("段分隔符", "paragraph separator"),
}
# Line breaks YAML counts and editors do not: refused with their own explanation.
LINE_BREAKS = "\x85\u2028\u2029"
INVISIBLE = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180d\u180f\u2800\u3164\ufe00-\ufe0f\uffa0"
    "\U0001d159\U000e0100-\U000e01ef]"
)
TEXT_CONTROLS = "\t\n"  # the controls record text may hold
# Every space separator (Zs) of the Basic Multilingual Plane (the only plane with any):
# they pass, but str.isprintable() says no, so the fast check removes them first.
_SPACES = "".join(c for c in map(chr, range(0x10000)) if unicodedata.category(c) == "Zs")


def is_noncharacter(char: str) -> bool:
    """U+FDD0–FDEF and the last two code points of every plane: never interchanged."""
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def char_name(char: str) -> str:
    """The character's Unicode name, or its code point label (Unicode §4.8) when it has
    none: <control-0007>, <surrogate-D800>, <private-use-E000>, <noncharacter-FFFE>,
    <reserved-0378>."""
    name = unicodedata.name(char, "")
    if name:
        return name
    label = {"Cc": "control", "Cs": "surrogate", "Co": "private-use"}.get(
        unicodedata.category(char), "noncharacter" if is_noncharacter(char) else "reserved"
    )
    return f"<{label}-{ord(char):04X}>"


def describe(char: str) -> str:
    """U+202E RIGHT-TO-LEFT OVERRIDE: how messages name a character."""
    return f"U+{ord(char):04X} {char_name(char)}"


def refusal(char: str, allowed: str = TEXT_CONTROLS) -> tuple[str, str] | None:
    """Why ``char`` is refused, as (中文, English) kinds, or None if it is allowed."""
    if char in allowed:
        return None
    if INVISIBLE.match(char):
        return "不可见字符", "invisible character"
    category = unicodedata.category(char)
    if category == "Cn" and not is_noncharacter(char) and 0x20000 <= ord(char) <= 0x3FFFD:
        return None  # a CJK ideograph newer than this Python's Unicode tables
    if category == "Cn" and is_noncharacter(char):
        return "非字符码位", "noncharacter"
    return _KINDS.get(category)


@functools.cache
def _fast_strip(allowed: str) -> re.Pattern[str]:
    return re.compile("[" + re.escape(allowed + _SPACES) + "]")


def refused_at(text: str, allowed: str = TEXT_CONTROLS) -> int | None:
    """Index of the first refused character of ``text``, or None."""
    # Fast path (C speed): isprintable() is False exactly for categories C* and Z* other
    # than the ASCII space; once the allowed controls and spaces are removed, a True means
    # nothing is refused but the hand-listed invisible characters.
    if _fast_strip(allowed).sub("", text).isprintable() and not INVISIBLE.search(text):
        return None
    for i, char in enumerate(text):
        if refusal(char, allowed) is not None:
            return i
    return None


def refusal_message(char: str) -> tuple[str, str]:
    """What an editor reads about a refused character: (中文, English), naming it."""
    name = describe(char)
    if char in LINE_BREAKS:
        return (
            f"含有特殊换行符 {name}：YAML 把它算作换行而编辑器不算，其后的行号都会错位，"
            "请改用普通换行",
            f"contains the line break {name}, which YAML counts and editors do not "
            "(every later line number would be off); use an ordinary line break",
        )
    zh, en = refusal(char, "") or ("字符", "character")
    return f"含有{zh} {name}，请删除", f"contains {en} {name}"
