#!/usr/bin/env python3
# Writes the benchmark corpus: a JSON Lines file of news-like documents, the same bytes for
# the same arguments (fixed seed, sorted inputs). Copyright: GPL-3.0-or-later, like depeche.
#
# Half the bytes are articles assembled from the template sentences below (written for this
# benchmark), the other half the pages of ../shared/corpus/news when that directory exists,
# repeated under new ids. The pages are read at bench time only: nothing of them is stored
# in the repository. Without them, every document is synthetic.
"""Usage: make_corpus.py OUT.jsonl [--mb 55] [--seed 20240601] [--news DIR]"""

import argparse
import hashlib
import json
import os
import random
import sys

# ---- Template material, French and English (our own sentences) ----

FR_ACTORS = [
    "le président de la République", "le Premier ministre", "le ministre des Affaires étrangères",
    "le ministre de la Défense", "l'armée malienne", "les forces de sécurité", "les rebelles",
    "le gouvernement tunisien", "l'opposition", "le Conseil de sécurité de l'ONU",
    "l'Union africaine", "les autorités libyennes", "le porte-parole du gouvernement",
    "les manifestants", "la police", "l'ambassadeur de France", "le chef de la diplomatie algérienne",
    "les syndicats", "le parlement", "la Commission européenne",
]
EN_ACTORS = [
    "the president", "the prime minister", "the foreign minister", "the defence minister",
    "the Malian army", "security forces", "the rebels", "the Tunisian government",
    "the opposition", "the UN Security Council", "the African Union", "Libyan authorities",
    "a government spokesman", "protesters", "police", "the French ambassador",
    "Algeria's top diplomat", "trade unions", "parliament", "the European Commission",
]
FR_PLACES = ["Paris", "Alger", "Tunis", "Bamako", "Niamey", "Tripoli", "Rabat", "Dakar",
             "Genève", "Bruxelles", "Abidjan", "Nouakchott", "Le Caire", "Benghazi"]
EN_PLACES = ["London", "Washington", "Algiers", "Tunis", "Bamako", "Niamey", "Tripoli", "Rabat",
             "Geneva", "Brussels", "Cairo", "Nairobi", "Addis Ababa", "Kyiv"]
FR_DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "hier",
           "la veille", "le 12 mars", "le 3 novembre 2019", "en début de semaine"]
EN_DAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday",
           "on Sunday", "yesterday", "on March 12", "on 3 November 2019", "earlier this week"]

FR_TEMPLATES = [
    "{A} a reçu {d} à {p} {B} pour évoquer la situation sécuritaire dans la région.",
    "{A} a condamné {d} l'attaque menée contre un poste militaire près de {p}.",
    "Selon {A}, des discussions avec {B} doivent reprendre {d} à {p}.",
    "{A} a annoncé {d} le rappel de son ambassadeur à {p} pour consultations.",
    "{A} et {B} ont signé {d} à {p} un accord de coopération en matière de défense.",
    "« Nous ne céderons pas aux menaces », a déclaré {A} {d} lors d'une conférence de presse.",
    "{A} a appelé {B} à la retenue après les affrontements survenus {d} à {p}.",
    "Des milliers de personnes ont manifesté {d} à {p} à l'appel de {A}.",
    "{A} a rejeté {d} la proposition de {B}, la jugeant « inacceptable ».",
    "{A} a menacé {d} de suspendre sa participation aux négociations de {p}.",
    "Au moins douze personnes ont été tuées {d} dans une embuscade près de {p}, selon {A}.",
    "{A} a promis {d} une aide humanitaire de 20 millions d'euros à {B}.",
    "{A} a accusé {B} d'avoir violé le cessez-le-feu {d} dans la région de {p}.",
    "Les troupes de {A} se sont retirées {d} de plusieurs positions autour de {p}.",
    "{A} a imposé {d} de nouvelles sanctions visant des responsables proches de {B}.",
    "Interrogé par la presse, {A} n'a pas souhaité commenter les informations parues {d}.",
]
EN_TEMPLATES = [
    "{A} met {B} in {p} {d} to discuss the security situation in the region.",
    "{A} condemned the attack on a military post near {p} {d}.",
    "According to {A}, talks with {B} will resume in {p} {d}.",
    "{A} recalled its ambassador from {p} for consultations {d}.",
    "{A} and {B} signed a defence cooperation agreement in {p} {d}.",
    "\"We will not yield to threats,\" {A} told a news conference {d}.",
    "{A} urged {B} to show restraint after clashes in {p} {d}.",
    "Thousands of people marched in {p} {d} at the call of {A}.",
    "{A} rejected the proposal from {B} {d}, calling it \"unacceptable\".",
    "{A} threatened {d} to pull out of the talks in {p}.",
    "At least twelve people were killed in an ambush near {p} {d}, {A} said.",
    "{A} pledged $20 million in humanitarian aid to {B} {d}.",
    "{A} accused {B} of breaking the ceasefire around {p} {d}.",
    "Troops loyal to {A} withdrew from several positions around {p} {d}.",
    "{A} imposed new sanctions {d} on officials close to {B}.",
    "Asked by reporters, {A} declined to comment on the reports published {d}.",
]
FR_CONTRACTIONS = [(" de le ", " du "), (" de les ", " des "), (" à le ", " au "),
                   (" à les ", " aux "), (" de A", " d'A"), (" de É", " d'É"), (" de O", " d'O")]
FR_CLUTTER = ["Partager sur Facebook", "Lire aussi", "Abonnez-vous à notre newsletter",
              "Publié le {date}", "© AFP"]
EN_CLUTTER = ["Share on Twitter", "Read more", "Sign up for our newsletter",
              "Published {date}", "(Reuters)"]


def cap(s):
    return s[0].upper() + s[1:] if s else s


def sentence(rng, lang):
    actors, places, days, templates = (
        (FR_ACTORS, FR_PLACES, FR_DAYS, FR_TEMPLATES) if lang == "fr"
        else (EN_ACTORS, EN_PLACES, EN_DAYS, EN_TEMPLATES))
    a, b = rng.sample(actors, 2)
    s = rng.choice(templates).format(A=a, B=b, p=rng.choice(places), d=rng.choice(days))
    if lang == "fr":  # contractions the slots create: "de le" -> "du", "à les" -> "aux"
        for full, short in FR_CONTRACTIONS:
            s = s.replace(full, short)
    return cap(s)


def synthetic_doc(rng, n):
    lang = "fr" if rng.random() < 0.6 else "en"
    date = "%04d-%02d-%02d" % (rng.randint(2005, 2024), rng.randint(1, 12), rng.randint(1, 28))
    places = FR_PLACES if lang == "fr" else EN_PLACES
    clutter = FR_CLUTTER if lang == "fr" else EN_CLUTTER
    lines = [cap(sentence(rng, lang).rstrip("."))]
    lines.append(rng.choice(clutter).format(date=date))
    paragraphs = []
    for _ in range(rng.randint(3, 8)):
        paragraphs.append(" ".join(sentence(rng, lang) for _ in range(rng.randint(1, 4))))
    paragraphs[0] = "%s (AFP) - %s" % (rng.choice(places).upper(), paragraphs[0])
    lines.extend(paragraphs)
    lines.append(rng.choice(clutter).format(date=date))
    rec = {"id": "synth/%07d" % n, "lang": lang, "pubdate": date, "text": "\n\n".join(lines)}
    if rng.random() < 0.5:
        del rec["lang"]  # half the records leave language identification to the engine
    return rec


def news_pages(news_dir):
    """[(id, text, meta)] for the pages under news_dir, sorted by path."""
    if not news_dir or not os.path.isdir(news_dir):
        return []
    manifest = {}
    mpath = os.path.join(news_dir, "manifest.jsonl")
    if os.path.exists(mpath):
        with open(mpath, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    manifest[r.get("doc", "")] = r
    pages = []
    for root, _, files in sorted(os.walk(news_dir)):
        for name in sorted(files):
            if not name.endswith((".txt", ".html")):
                continue
            path = os.path.join(root, name)
            rel = os.path.splitext(os.path.relpath(path, news_dir))[0]
            with open(path, "rb") as f:
                raw = f.read()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("cp1252", errors="replace")
            pages.append((rel, text, manifest.get(rel, {}), name.endswith(".html")))
    return pages


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out")
    ap.add_argument("--mb", type=float, default=55.0, help="size to reach, in MiB")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--news", default=None, help="directory of real pages (optional)")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    pages = news_pages(args.news)
    target = int(args.mb * (1 << 20))
    news_share = 0.5 if pages else 0.0
    written = news_bytes = docs = synth = copies = 0
    order = list(range(len(pages)))
    tmp = args.out + ".tmp"
    h = hashlib.sha256()
    with open(tmp, "w", encoding="utf-8", newline="\n") as out:
        while written < target:
            if pages and news_bytes < news_share * max(written, 1):
                # One pass over the pages in a fresh shuffled order, each under a new id.
                rng.shuffle(order)
                for i in order:
                    rel, text, meta, is_html = pages[i]
                    rec = {"id": "news/%s#%d" % (rel, copies), ("html" if is_html else "text"): text}
                    for k in ("lang", "pubdate", "url", "outlet"):
                        if meta.get(k):
                            rec[k] = meta[k]
                    line = json.dumps(rec, ensure_ascii=False) + "\n"
                    out.write(line)
                    n = len(line.encode("utf-8"))
                    h.update(line.encode("utf-8"))
                    written += n
                    news_bytes += n
                    docs += 1
                copies += 1
            else:
                line = json.dumps(synthetic_doc(rng, synth), ensure_ascii=False) + "\n"
                out.write(line)
                h.update(line.encode("utf-8"))
                written += len(line.encode("utf-8"))
                synth += 1
                docs += 1
    os.replace(tmp, args.out)
    print("%s: %d documents (%d synthetic, %d passes over %d news pages), %.1f MiB, sha256 %s"
          % (args.out, docs, synth, copies, len(pages), written / (1 << 20), h.hexdigest()[:16]),
          file=sys.stderr)


if __name__ == "__main__":
    main()
