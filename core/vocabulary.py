"""The words of the site's public text, for "did you mean".

Each word is kept folded (``lower(unaccent(...))``, as searches compare words) with one
spelling as written, in ``core.models.Word``. The apps add the words of what they publish
(``add_words``, or SQL of their own for bulk writes, see ``collection.search``).
``suggestion()`` rewrites a visitor's query with the nearest known word for each word
the site has never used, found through a trigram index (pg_trgm) and chosen by edit
distance, so "kham thein" becomes "Khâm Thiên".
"""

import re

from django.db import connection

from core.models import Word

FOLD = "lower(public.unaccent({}))"
# Words are split at whitespace and punctuation, typographic quotes and dashes included.
SEPARATORS = r"[\s[:punct:]“”‘’«»–—…]+"
# Shorter words are too often someone else's word one letter away.
MIN_LENGTH = 3
# Trigrams rank "their" and "then" near "thein", "thien" further: enough candidates are
# read for the edit distance to choose from.
CANDIDATES = 50
_QUERY_WORDS = re.compile(r"[^\W\d_]+")


def words_sql(texts_sql):
    """SQL inserting the words of the texts ``texts_sql`` selects (one column), once each."""
    folded = FOLD.format("w")
    return f"""
        INSERT INTO {Word._meta.db_table} (word, spelling)
        SELECT DISTINCT ON ({folded}) {folded}, w
        FROM ({texts_sql}) AS texts (text),
             regexp_split_to_table(texts.text, '{SEPARATORS}') AS w
        WHERE char_length(w) BETWEEN {MIN_LENGTH} AND 100 AND w !~ '[0-9]'
        ORDER BY {folded}, w
        ON CONFLICT (word) DO UPDATE SET spelling = EXCLUDED.spelling
        -- A word known only folded (from a search document) gets its spelling.
        WHERE {Word._meta.db_table}.spelling = {Word._meta.db_table}.word
    """


def lexemes_sql(documents_sql):
    """SQL inserting the words of the search documents (tsvectors, already folded) that
    ``documents_sql`` selects."""
    return f"""
        INSERT INTO {Word._meta.db_table} (word, spelling)
        SELECT DISTINCT w, w
        FROM ({documents_sql}) AS documents (document),
             unnest(tsvector_to_array(documents.document)) AS w
        WHERE char_length(w) BETWEEN {MIN_LENGTH} AND 100 AND w !~ '[0-9]'
        ON CONFLICT (word) DO NOTHING
    """


def add_words(*texts):
    """Remember the words of ``texts`` (titles, introductions, descriptions)."""
    texts = [text for text in texts if text]
    if texts:
        with connection.cursor() as cursor:
            cursor.execute(words_sql("SELECT unnest(%s::text[])"), [texts])


def suggestion(query):
    """``query`` with each word the site does not know replaced by the closest one it
    does, or None when every word is known or none is close enough."""
    words = _QUERY_WORDS.findall(query)
    if not words or len(words) > 8:
        return None
    folded = FOLD.format("q.w")
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT q.ord, {folded}, v.word, v.spelling
            FROM unnest(%s::text[]) WITH ORDINALITY AS q (w, ord)
            CROSS JOIN LATERAL (
                SELECT word, spelling FROM {Word._meta.db_table}
                ORDER BY word <-> {folded} LIMIT {CANDIDATES}
            ) AS v
            """,
            [words],
        )
        rows = cursor.fetchall()
    candidates = {}
    for position, typed, word, spelling in rows:
        candidates.setdefault(position - 1, (typed, []))[1].append((word, spelling))
    respelt, changed = list(words), False
    for position, (typed, near) in candidates.items():
        exact = [spelling for word, spelling in near if word == typed]
        if exact:
            respelt[position] = exact[0]
            continue
        word, spelling = min(near, key=lambda pair: closeness(typed, pair[0]))
        if len(typed) >= MIN_LENGTH and distance(typed, word) <= max(1, len(typed) // 4):
            respelt[position], changed = spelling, True
    return " ".join(respelt) if changed else None


def closeness(typed, word):
    """How near ``word`` is to what was typed, smallest first: fewest edits; then the same
    letters in another order (two swapped letters are the commonest slip: "thein" is
    "thien" rather than "their"); then the same length ("then" is further)."""
    return (distance(typed, word), sorted(typed) != sorted(word), abs(len(typed) - len(word)))


def distance(a, b):
    """Edit distance counting a swap of two neighbouring letters as one edit ("thein",
    "thien"): the optimal string alignment form of Damerau-Levenshtein."""
    previous2, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]
