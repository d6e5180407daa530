#!/usr/bin/env python3
"""Writes a deterministic synthetic wiki of N dossiers, shaped like the real one,
for benchmarks: 1-4 statements and 1-3 practices per dossier with sources and
evidence, Markdown bodies of about 400 words with wikilinks, footnotes and a
table, N/10 people, organizations and providers, a few laws, about 50 topics,
and contradictions.

    python3 benches/corpus.py N OUT_DIR
"""
import os
import random
import sys

WORDS = ("le la les un une des du de et en à pour sur avec dans par que qui ne pas plus "
         "site campagne données serveur hébergement cloud souveraineté numérique ministre "
         "candidat plateforme contrat prestataire consultation messagerie loi droit accès "
         "américain européen français public privé service réseau centre stockage").split()


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    rng = random.Random(1312)
    content = os.path.join(out, "content")
    for folder in ["dossiers", "people", "organizations", "providers", "laws", "topics"]:
        os.makedirs(os.path.join(content, folder), exist_ok=True)
    with open(os.path.join(content, "site.yaml"), "w") as f:
        f.write("title: Corpus\nbase_url: https://corpus.example.org/\nlanguage: fr\n")
    people = max(1, n // 10)
    orgs = max(1, n // 10)
    providers = max(1, n // 10)
    laws = 5
    topics = 50
    for i in range(laws):
        with open(os.path.join(content, "laws", f"law-{i}.md"), "w") as f:
            f.write(f"---\nname: Loi {i}\njurisdiction: US\nenacted: 20{10 + i}-03-23\n---\n{sentence(rng, 20)}\n")
    for i in range(topics):
        with open(os.path.join(content, "topics", f"topic-{i}.md"), "w") as f:
            f.write(f"---\nname: Thème {i}\n---\n")
    for i in range(orgs):
        with open(os.path.join(content, "organizations", f"org-{i}.md"), "w") as f:
            f.write(f"---\nname: Organisation {i}\nkind: company\ncountry: FR\n---\n{sentence(rng, 15)}\n")
    for i in range(providers):
        with open(os.path.join(content, "providers", f"provider-{i}.md"), "w") as f:
            f.write(f"---\nname: Service {i}\noperator: org-{i % orgs}\ncategory: cloud\nheadquarters: US\n"
                    f"subject_to: [law-{i % laws}, law-{(i + 1) % laws}]\n---\n{sentence(rng, 15)}\n")
    for i in range(people):
        with open(os.path.join(content, "people", f"person-{i}.md"), "w") as f:
            f.write(f"---\nname: Personne {i}\nroles:\n  - {{ title: Ministre, organization: org-{i % orgs}, from: 2012-05, until: 2014-04 }}\n"
                    f"party: org-{(i + 1) % orgs}\n---\n{sentence(rng, 15)}\n")
    for d in range(n):
        subject = f"person-{d % people}"
        year = 2010 + d % 14
        lines = ["---", f"title: \"Dossier {d} : {sentence(rng, 6)[:-1]}\"", f"subject: {subject}",
                 f"date: {year}-{1 + d % 12:02d}-{1 + d % 28:02d}",
                 f"topics: [topic-{d % topics}, topic-{(d * 7) % topics}]", f"summary: \"{sentence(rng, 30)}\"",
                 "statements:"]
        statements = 1 + d % 4
        for s in range(statements):
            lines += [f"  - id: statement-{s}", f"    date: {year - 1}-{1 + s:02d}",
                      f"    quote: \"{sentence(rng, 14)}\"",
                      "    source:", f"      url: https://news.example.org/{d}/{s}", f"      title: \"{sentence(rng, 6)}\"",
                      f"      publisher: org-{(d + s) % orgs}", f"      date: {year - 1}-{1 + s:02d}-10",
                      f"      archive: https://web.archive.org/{d}/{s}"]
        lines.append("practices:")
        for p in range(1 + d % 3):
            lines += [f"  - id: practice-{p}", "    kind: hosting", f"    date: {year}-{1 + p:02d}-15",
                      f"    summary: \"{sentence(rng, 16)}\"", f"    provider: provider-{(d + p) % providers}",
                      "    location: { country: NL, city: Amsterdam }",
                      "    evidence:", "      - kind: press", f"        date: {year}-{1 + p:02d}-15",
                      f"        source: {{ url: \"https://press.example.org/{d}/{p}\", archive: \"https://web.archive.org/p/{d}/{p}\" }}",
                      "      - kind: dns", "        records: [{ type: A, name: example.org, value: 192.0.2.10, asn: 64500, country: NL }]",
                      f"    contradicts: [statement-{p % statements}]"]
        lines.append("---")
        body = []
        for para in range(8):
            words = sentence(rng, 45)
            if para == 1:
                words += f" Voir [[{subject}]] et [[provider-{d % providers}]][^1]."
            if para == 3 and d > 0:
                words += f" Comparer avec [[dossier-{d - 1}]]."
            body.append(words)
        body.append("| acteur | service |\n|---|---|\n| A | B |\n| C | D |")
        body.append("[^1]: Une note de bas de page.")
        with open(os.path.join(content, "dossiers", f"dossier-{d}.md"), "w") as f:
            f.write("\n".join(lines) + "\n" + "\n\n".join(body) + "\n")


if __name__ == "__main__":
    main()
