"""What an import's preview says about the names it matched: those found under another
name (a variant, or a record merged into another), and, for the names it would create,
the records they may mean ("did you mean …?"). A near match is only a question for the
archivist: the row still creates its record unless the file is changed.
"""

from django.utils.translation import gettext as _

from collection.duplicates import similar_records

KINDS = ("person", "place", "subject")
SHOWN = 200  # names listed in a preview


def _listed(entries):
    return {"count": len(entries), "shown": entries[:SHOWN]}


def one_per_record(names, ids):
    """``names`` (or (name, role) pairs) less those standing for a record an earlier one
    stands for: "Hà Nội; Hanoi" is one place, linked once."""
    if len(names) < 2:
        return names
    kept, seen = [], set()
    for entry in names:
        name, *role = (entry,) if isinstance(entry, str) else entry
        if (key := (ids.get(name, name), *role)) not in seen:
            seen.add(key)
            kept.append(entry)
    return tuple(kept)


def by_other_name(matches_by_kind) -> dict:
    """The names found under another record's name, for the summary (JSON)."""
    entries = [
        {"kind": kind, "name": name, "id": pk, "matched": record_name}
        for kind in KINDS
        for name, (pk, record_name) in sorted(matches_by_kind[kind].by_other_name.items())
    ]
    return _listed(entries)


def near_matches(new_names_by_kind, matches_by_kind) -> dict:
    """For each name the import would create, the current records it may mean: alike by
    trigram similarity (one query per kind), or listing it as a variant along with
    other records (which matches none of them)."""
    entries = []
    for kind in KINDS:
        new = new_names_by_kind[kind]
        similar = similar_records(kind, new)
        ambiguous = matches_by_kind[kind].ambiguous
        for name in new:
            suggestions = [
                {"id": pk, "name": record_name, "percent": 100}
                for pk, record_name in ambiguous.get(name, [])
            ]
            listed = {s["id"] for s in suggestions}
            suggestions += [
                {"id": pk, "name": record_name, "percent": round(score * 100)}
                for pk, record_name, score in similar.get(name, [])
                if pk not in listed
            ]
            if suggestions:
                entries.append({"kind": kind, "name": name, "suggestions": suggestions})
    return _listed(entries)


def summary_lines(plan) -> list[str]:
    """The command's lines for the names found under another name and the near matches."""
    lines = []
    if found := plan.by_other_name.get("count"):
        shown = "; ".join(f"{m['name']} → {m['matched']}" for m in plan.by_other_name["shown"][:20])
        lines.append(
            _("Found under another name (%(count)s): %(names)s") % {"count": found, "names": shown}
        )
    if near := plan.near_matches.get("count"):
        shown = "; ".join(
            _("%(name)s: did you mean %(records)s?")
            % {"name": m["name"], "records": ", ".join(s["name"] for s in m["suggestions"])}
            for m in plan.near_matches["shown"][:20]
        )
        lines.append(
            _("New names like existing ones (%(count)s): %(names)s")
            % {"count": near, "names": shown}
        )
    return lines
