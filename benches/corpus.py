#!/usr/bin/env python3
"""Writes a deterministic synthetic wiki of N dossiers, shaped like the real one,
for benchmarks: 1-4 statements and 1-3 practices per dossier with sources and
evidence, Markdown bodies of about 400 words with wikilinks, footnotes and a
table, N/10 people, organizations and providers, a few laws, about 50 topics,
and contradictions.

    python3 benches/corpus.py N OUT_DIR [--format vigie|vigie-bare|hugo|zola]

With `--format hugo` or `--format zola`, it writes the same dossiers as a Hugo or a
Zola site instead, for `benches/compare.py`: the same titles, dates, summaries and
Markdown bodies (wikilinks become plain links), the topics as a taxonomy, a paginated
list of dossiers and a paginated page per topic, 200 entries a page as in vigie. Those
sites have no people, providers, laws, statements, evidence or contradictions: vigie's
pages do more work than theirs. `--format vigie-bare` writes vigie's wiki with what
the peers' dossiers hold, plus the one statement a vigie dossier needs: each dossier
keeps its first statement and no practice (so no evidence or contradictions), and
the texts stay those of the full wiki. It measures vigie on the peers' work.
"""
import os
import random
import re
import sys

WORDS = ("le la les un une des du de et en à pour sur avec dans par que qui ne pas plus "
         "site campagne données serveur hébergement cloud souveraineté numérique ministre "
         "candidat plateforme contrat prestataire consultation messagerie loi droit accès "
         "américain européen français public privé service réseau centre stockage").split()


def topic_list(d, topics):
    """Dossier `d`'s topics: two, or one where both picks fall on the same topic
    (vigie warns about a topic named twice)."""
    first, second = d % topics, (d * 7) % topics
    chosen = [first] if first == second else [first, second]
    return "topics: [" + ", ".join(f"topic-{t}" for t in chosen) + "]"


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    fmt = sys.argv[sys.argv.index("--format") + 1] if "--format" in sys.argv else "vigie"
    if fmt not in ("vigie", "vigie-bare", "hugo", "zola"):
        sys.exit(f"unknown format {fmt}: vigie, vigie-bare, hugo or zola")
    bare = fmt == "vigie-bare"
    rng = random.Random(1312)
    dossiers = []
    content = os.path.join(out, "content")

    def put(path, text):
        # The peers' sites hold the dossiers only, but every text is drawn
        # all the same, so that their dossiers are the same as vigie's.
        if fmt in ("vigie", "vigie-bare"):
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text)

    put(os.path.join(content, "site.yaml"),
        "title: Corpus\nbase_url: https://corpus.example.org/\nlanguage: fr\n")
    people = max(1, n // 10)
    orgs = max(1, n // 10)
    providers = max(1, n // 10)
    laws = 5
    topics = 50
    for i in range(laws):
        put(os.path.join(content, "laws", f"law-{i}.md"),
            f"---\nname: Loi {i}\njurisdiction: US\nenacted: 20{10 + i}-03-23\n---\n{sentence(rng, 20)}\n")
    for i in range(topics):
        put(os.path.join(content, "topics", f"topic-{i}.md"),
            f"---\nname: Thème {i}\n---\n")
    for i in range(orgs):
        put(os.path.join(content, "organizations", f"org-{i}.md"),
            f"---\nname: Organisation {i}\nkind: company\ncountry: FR\n---\n{sentence(rng, 15)}\n")
    for i in range(providers):
        put(os.path.join(content, "providers", f"provider-{i}.md"),
            f"---\nname: Service {i}\noperator: org-{i % orgs}\ncategory: cloud\nheadquarters: US\n"
                    f"subject_to: [law-{i % laws}, law-{(i + 1) % laws}]\n---\n{sentence(rng, 15)}\n")
    for i in range(people):
        put(os.path.join(content, "people", f"person-{i}.md"),
            f"---\nname: Personne {i}\nroles:\n  - {{ title: Ministre, organization: org-{i % orgs}, from: 2012-05, until: 2014-04 }}\n"
                    f"party: org-{(i + 1) % orgs}\n---\n{sentence(rng, 15)}\n")
    for d in range(n):
        subject = f"person-{d % people}"
        year = 2010 + d % 14
        lines = ["---", f"title: \"Dossier {d} : {sentence(rng, 6)[:-1]}\"", f"subject: {subject}",
                 f"date: {year}-{1 + d % 12:02d}-{1 + d % 28:02d}",
                 topic_list(d, topics), f"summary: \"{sentence(rng, 30)}\"",
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
        if bare:
            # The header's seven lines and the first statement's nine, drawn
            # as in the full wiki so that every later text is the same.
            lines = lines[:16]
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
        dossiers.append((d, lines, body))
        put(os.path.join(content, "dossiers", f"dossier-{d}.md"),
            "\n".join(lines) + "\n" + "\n\n".join(body) + "\n")
    if fmt in ("hugo", "zola"):
        peer_site(fmt, out, dossiers)


HUGO_LAYOUT = {
    "baseof.html": "<!DOCTYPE html><html lang=fr><head><meta charset=utf-8><title>{{ .Title }} · {{ site.Title }}</title>"
                   "<meta name=description content=\"{{ .Description }}\"></head><body><main>{{ block \"main\" . }}{{ end }}</main></body></html>",
    "single.html": "{{ define \"main\" }}<article><h1>{{ .Title }}</h1><time>{{ .Date.Format \"2006-01-02\" }}</time>"
                   "<p>{{ .Description }}</p><p>{{ range .Params.topics }}<a href=\"/topics/{{ . | urlize }}/\">{{ . }}</a> {{ end }}</p>"
                   "{{ .Content }}</article>{{ end }}",
    "list.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> "
                 "{{ .Date.Format \"2006-01-02\" }}</li>{{ end }}</ul>{{ with .Paginator.Next }}<a href=\"{{ .URL }}\">next</a>{{ end }}{{ end }}",
}

ZOLA_TEMPLATES = {
    "base.html": "<!DOCTYPE html><html lang=fr><head><meta charset=utf-8><title>{% block title %}{% endblock %} · {{ config.title }}</title>"
                 "</head><body><main>{% block content %}{% endblock %}</main></body></html>",
    "index.html": "{% extends \"base.html\" %}{% block title %}Accueil{% endblock %}{% block content %}<h1>{{ config.title }}</h1>{% endblock %}",
    "page.html": "{% extends \"base.html\" %}{% block title %}{{ page.title }}{% endblock %}{% block content %}<article><h1>{{ page.title }}</h1>"
                 "<time>{{ page.date }}</time><p>{{ page.description }}</p><p>{% for t in page.taxonomies.topics %}"
                 "<a href=\"/topics/{{ t | slugify }}/\">{{ t }}</a> {% endfor %}</p>{{ page.content | safe }}</article>{% endblock %}",
    "section.html": "{% extends \"base.html\" %}{% block title %}{{ section.title }}{% endblock %}{% block content %}<h1>{{ section.title }}</h1>"
                    "<ul>{% for p in paginator.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a> {{ p.date }}</li>{% endfor %}</ul>"
                    "{% if paginator.next %}<a href=\"{{ paginator.next }}\">next</a>{% endif %}{% endblock %}",
    "taxonomy_list.html": "{% extends \"base.html\" %}{% block title %}Thèmes{% endblock %}{% block content %}<ul>{% for t in terms %}"
                          "<li><a href=\"{{ t.permalink }}\">{{ t.name }}</a></li>{% endfor %}</ul>{% endblock %}",
    "taxonomy_single.html": "{% extends \"base.html\" %}{% block title %}{{ term.name }}{% endblock %}{% block content %}<h1>{{ term.name }}</h1>"
                            "<ul>{% for p in paginator.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a></li>{% endfor %}</ul>"
                            "{% if paginator.next %}<a href=\"{{ paginator.next }}\">next</a>{% endif %}{% endblock %}",
}


def peer_site(fmt, out, dossiers):
    """The dossiers as a Hugo or Zola site: same titles, dates, summaries, bodies, topics."""
    def field(lines, name):
        prefix = f"{name}: "
        return next(line[len(prefix):] for line in lines if line.startswith(prefix))

    def link(match):
        target = match.group(1)
        path = f"/dossiers/{target}/" if target.startswith("dossier-") else f"/{target}/"
        return f"[{target}]({path})"

    content = os.path.join(out, "content", "dossiers")
    os.makedirs(content, exist_ok=True)
    if fmt == "hugo":
        with open(os.path.join(out, "hugo.toml"), "w") as f:
            f.write('baseURL = "https://corpus.example.org/"\ntitle = "Corpus"\nlanguageCode = "fr"\n'
                    'disableKinds = ["RSS", "sitemap", "robotsTXT"]\n[taxonomies]\ntopic = "topics"\n'
                    "[pagination]\npagerSize = 200\n")
        layouts = os.path.join(out, "layouts", "_default")
        os.makedirs(layouts, exist_ok=True)
        for name, text in HUGO_LAYOUT.items():
            with open(os.path.join(layouts, name), "w") as f:
                f.write(text)
        with open(os.path.join(content, "_index.md"), "w") as f:
            f.write("---\ntitle: Dossiers\n---\n")
    else:
        with open(os.path.join(out, "config.toml"), "w") as f:
            f.write('base_url = "https://corpus.example.org/"\ntitle = "Corpus"\ndefault_language = "fr"\n'
                    'generate_feeds = false\ntaxonomies = [{ name = "topics", paginate_by = 200 }]\n'
                    "[markdown]\n")
        templates = os.path.join(out, "templates")
        os.makedirs(os.path.join(templates, "topics"), exist_ok=True)
        for name, text in ZOLA_TEMPLATES.items():
            folder = os.path.join(templates, "topics") if name.startswith("taxonomy_") else templates
            with open(os.path.join(folder, name.replace("taxonomy_", "") if name.startswith("taxonomy_") else name), "w") as f:
                f.write(text)
        with open(os.path.join(out, "content", "_index.md"), "w") as f:
            f.write("+++\n+++\n")
        with open(os.path.join(content, "_index.md"), "w") as f:
            f.write('+++\ntitle = "Dossiers"\nsort_by = "date"\npaginate_by = 200\n+++\n')
    for d, lines, body in dossiers:
        title = field(lines, "title")
        date = field(lines, "date")
        summary = field(lines, "summary")
        topics = field(lines, "topics").strip("[]").split(", ")
        text = re.sub(r"\[\[([^\]|#]+)\]\]", link, "\n\n".join(body))
        if fmt == "hugo":
            head = f"---\ntitle: {title}\ndate: {date}\ndescription: {summary}\ntopics: [{', '.join(topics)}]\n---\n"
        else:
            head = (f"+++\ntitle = {title}\ndate = {date}\ndescription = {summary}\n"
                    f"[taxonomies]\ntopics = [{', '.join(repr(t).replace(chr(39), chr(34)) for t in topics)}]\n+++\n")
        with open(os.path.join(content, f"dossier-{d}.md"), "w") as f:
            f.write(head + text + "\n")


if __name__ == "__main__":
    main()
