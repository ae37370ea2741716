"""The kept lists of words that belong to one written standard only (issue 19).

A nynorsk document must contain none of ``BOKMAL_ONLY``, a bokmål one none of
``NYNORSK_ONLY``. Only words that are not correct in the other standard under
Språkrådet's rules are listed (forms both allow, such as «saker», «også», «skole», are
not); extend the lists when a document gains text.
"""

import re

_BOKMAL = """
    ikke hva hvem hvordan hvorfor hvis hvilke hvilken være mye noen noe jeg hun fra
    tilskudd tilskuddet tilskuddsbrev innstillingen ordningen begrunnelse midler midlene
    hilsen vennlig mulig kommunene dager sted møteleder ansvarlig tiden lærende dekket
    dokumenter mandag tirsdag lørdag søndag ett vedtatt deltakere fravær ble
"""

#: Feminine «-a» forms (innstillinga, ordninga, tida) are correct bokmål too, and so not here.
_NYNORSK = """
    ikkje kva kven korleis kvifor vere mykje nokon noko eg ho frå tilskot tilskotet
    tilskotsbrev grunngiving midlar midlane helsing venleg mogleg kommunane dagar
    møteleiar ansvarleg lærande dei ein eit eitt måndag tysdag laurdag sundag vedteke
    deltakarar fråvær godkjend
"""


BOKMAL_ONLY = frozenset(_BOKMAL.split())
NYNORSK_ONLY = frozenset(_NYNORSK.split())

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)


def words(text: str) -> set[str]:
    """The lower-case words of a text (hyphenated compounds kept whole)."""
    return {w.casefold() for w in _WORD.findall(text)}


def foreign_words(text: str, lang: str) -> set[str]:
    """The words of ``text`` that belong only to the other standard."""
    other = BOKMAL_ONLY if lang == "nn" else NYNORSK_ONLY
    return words(text) & other
