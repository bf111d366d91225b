"""What a job changed, so that the window refreshes only that (anki's OpChanges idea).

A job returns one `Changes`; `Operations` also announces it to every subscriber, with the
origin the caller passed (an editor that made the change can skip reloading itself).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass(frozen=True, repr=False)
class Changes:
    """What one job changed; empty when nothing did. Two are merged with `|`."""

    documents: frozenset[str] = frozenset()  # plans and reports whose content or status changed
    created: frozenset[str] = frozenset()  # plans and reports that are new
    objects: frozenset[str] = frozenset()  # objectives, measures and entries (by measure id) that changed
    settings: frozenset[str] = frozenset()  # names of the `Settings` properties that changed
    organisation: bool = False  # this office's details (name, head, declined forms, aimag)
    senders: bool = False  # the registered senders' keys
    everything: bool = False  # the whole data file (a restore): reload all
    open: str | None = field(default=None, compare=False)  # the document the person should see now

    def __or__(self, other: "Changes") -> "Changes":
        merged = {}
        for f in fields(self):
            a, b = getattr(self, f.name), getattr(other, f.name)
            merged[f.name] = (a | b) if isinstance(a, frozenset) else (b if f.name == "open" and b else a or b)
        return Changes(**merged)

    @property
    def document_list(self) -> bool:
        """The list of documents (the navigator) may show something else now."""
        return bool(self.documents or self.created or self.organisation or self.everything)

    def touches(self, doc_id: str | None) -> bool:
        return self.everything or (doc_id is not None and (doc_id in self.documents or doc_id in self.created))

    @classmethod
    def document(cls, doc_id: str, *objects: str) -> "Changes":
        return cls(documents=frozenset({doc_id}), objects=frozenset(objects))

    @classmethod
    def new_document(cls, doc_id: str) -> "Changes":
        return cls(created=frozenset({doc_id}), open=doc_id)

    @classmethod
    def setting(cls, *names: str) -> "Changes":
        return cls(settings=frozenset(names))
