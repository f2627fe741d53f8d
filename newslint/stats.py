"""Run statistics: counts per code (flake8's ``--statistics``) and per-document figures.

Accumulated one document at a time, so a corpus of any size costs the same
memory; per-document records for ``--stats-file`` are spooled to a temporary
file and copied into the JSON at the end.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import IO, Any, TextIO

from newslint.engine import DocumentResult

TOP_SITES = 20


class SiteFigures:
    __slots__ = ("documents", "findings", "with_findings")

    def __init__(self) -> None:
        self.documents = 0
        self.with_findings = 0
        self.findings = 0


class RunStatistics:
    """Figures over a whole run; ``add`` each document's result."""

    def __init__(self, keep_documents: bool = False) -> None:
        self.keep_documents = keep_documents
        self.documents = 0
        self.unreadable = 0
        self.with_findings = 0
        self.words = 0
        self.codes: Counter[str] = Counter()
        self.families: Counter[str] = Counter()  # documents with >= 1 finding
        self.sites: defaultdict[str, SiteFigures] = defaultdict(SiteFigures)
        self._spool: IO[str] | None = None

    def add(self, result: DocumentResult) -> None:
        n = len(result.diagnostics)
        for diag in result.diagnostics:
            self.codes[diag.code] += 1
        if not result.linted:
            self.unreadable += 1
            return
        self.documents += 1
        self.words += result.words
        self.with_findings += bool(n)
        for family in {d.code[:3] for d in result.diagnostics}:
            self.families[family] += 1
        if result.site:
            site = self.sites[result.site]
            site.documents += 1
            site.with_findings += bool(n)
            site.findings += n
        if self.keep_documents:
            if self._spool is None:
                import tempfile

                self._spool = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
            record = {"path": result.path, "record": result.record, "findings": n,
                      "words": result.words,
                      "codes": dict(Counter(d.code for d in result.diagnostics)),
                      **result.stats}
            import json

            self._spool.write(json.dumps(record, ensure_ascii=False) + "\n")

    def summary(self) -> dict[str, Any]:
        total = sum(self.codes.values())
        docs = max(self.documents, 1)
        top = sorted(self.sites.items(), key=lambda kv: (-kv[1].documents, kv[0]))[:TOP_SITES]
        return {
            "documents": self.documents,
            "unreadable_inputs": self.unreadable,
            "documents_with_findings": self.with_findings,
            "findings": total,
            "findings_per_document": round(total / docs, 3),
            "findings_per_10k_words": round(total * 10_000 / max(self.words, 1), 2),
            "codes": dict(sorted(self.codes.items())),
            "share_of_documents_by_family": {
                f"{fam}xx": round(n / docs, 4) for fam, n in sorted(self.families.items())},
            "sites": {name: {"documents": s.documents, "with_findings": s.with_findings,
                             "findings": s.findings} for name, s in top},
        }

    def write_table(self, out: TextIO, rule_names: dict[str, str]) -> None:
        """flake8's per-code lines, then the per-document summary."""
        for code, n in sorted(self.codes.items()):
            out.write(f"{n:<5} {code} {rule_names.get(code, '')}\n")
        s = self.summary()
        out.write(f"\n{s['documents']} documents, {s['documents_with_findings']} with findings, "
                  f"{s['findings_per_document']} findings per document, "
                  f"{s['findings_per_10k_words']} per 10k words\n")
        if s["share_of_documents_by_family"]:
            out.write("documents with a finding, by family: " + ", ".join(
                f"{fam} {share:.1%}" for fam, share in s["share_of_documents_by_family"].items())
                + "\n")
        for name, site in s["sites"].items():
            out.write(f"  {name:<40} {site['documents']:>7} documents "
                      f"{site['with_findings']:>7} with findings {site['findings']:>8} "
                      "findings\n")

    def write_json(self, path: str) -> None:
        import json

        with open(path, "w", encoding="utf-8") as out:
            out.write('{"summary": ')
            json.dump(self.summary(), out, ensure_ascii=False, indent=1)
            out.write(',\n "documents": [\n')
            if self._spool is not None:
                self._spool.seek(0)
                first = True
                for line in self._spool:
                    out.write(("" if first else ",\n") + line.rstrip("\n"))
                    first = False
                self._spool.close()
            out.write("\n]}\n")
