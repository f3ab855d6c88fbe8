#!/usr/bin/env python3
"""report_check.py - check an HTML report (--format html) against the JSON
results of the same run.

Usage: report_check.py [--browser] [--screenshot PNG] [--title TITLE]
                       [--describe DESCRIBE.json] [--history FILE]...
                       REPORT.html RESULTS.json

Without --browser the report's own bytes are parsed; with it, headless
Chromium (Debian's chromium) loads the file, runs its script and dumps the
DOM, which is checked instead (and --screenshot PNG saves a picture of the
page).  Checked: the headline figures, every chart's bars (one per key of
the summary's maps of counts, per parent unit and series, per criterion),
the title (TITLE, else the period and the scheme's name: --title, or the
results' period and the scheme's name as the run's describe document
gives it: DESCRIBE.json, else `assess --describe` of the plugin the
results name), the consequences (organisation
names, the rule a row's data-rule) and the warnings (one row per
organisation not vetoed, each label once with the items it names, the
rows beyond a screenful folded), the pairing by
names and units, the communities that held a street back, the results table
(every id in input order, or per parent unit with the counts), the
reproducibility block, and that nothing in the page refers to anything
outside it (no http(s), no file, no url(), no @import).  The trends: with
--history FILE (earlier results as JSON, or the input's NDJSON with its
typed "history"), each result's ratings over the years as its row shows
them and the chart of ratings per year; without, that the page shows no
trend.  Prints one line saying what agreed; exits 1 with the first
disagreement.
"""
import html.parser
import json
import os
import subprocess
import sys
import tempfile


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children, self.text = [], []

    def find(self, pred):
        out = []
        for c in self.children:
            if pred(c):
                out.append(c)
            out.extend(c.find(pred))
        return out

    def all_text(self):
        return "".join(self.text) + "".join(c.all_text() for c in self.children)

    def by_id(self, ident):
        got = self.find(lambda n: n.attrs.get("id") == ident)
        return got[0] if got else None

    def rows(self):
        """The text of each cell of each body row of a table."""
        body = [n for n in self.children if n.tag == "tbody"]
        trs = body[0].find(lambda n: n.tag == "tr") if body else []
        return [[td.all_text() for td in tr.children if td.tag == "td"]
                for tr in trs]


VOID = {"meta", "br", "img", "input", "link", "hr", "rect", "path", "line",
        "circle"}


class Tree(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", [], None)
        self.cur = self.root
        self.all = []

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.all.append(n)
        self.cur.children.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.all.append(n)
        self.cur.children.append(n)

    def handle_endtag(self, tag):
        n = self.cur
        while n is not self.root and n.tag != tag:
            n = n.parent
        if n is not self.root:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.text.append(data)


def fail(what):
    print("report_check: " + what)
    sys.exit(1)


def same(what, got, want):
    if got != want:
        fail("%s: the report shows %r, the JSON says %r" % (what, got, want))


def chromium(args, path, frag=""):
    with tempfile.TemporaryDirectory() as prof:
        cmd = ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
               "--hide-scrollbars", "--user-data-dir=" + prof] + args + [
               "file://" + os.path.abspath(path) + frag]
        r = subprocess.run(cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, timeout=60)
    if r.returncode != 0:
        fail("chromium exited with %d" % r.returncode)
    return r.stdout.decode("utf-8")


def is_counts(v):
    return isinstance(v, dict) and v and all(
        isinstance(x, (int, float)) and not isinstance(x, bool)
        for x in v.values())


def num(s):
    f = float(s)
    return int(f) if f == int(f) else f


# The report's own words that the checks need, in the language of the run
# (the metadata's "lang"; absent: English).
WORDS = {
    "zh_CN": {"html": "zh-CN", "cut": "共 %d 条，仅列出前 %d 条。",
              "qualified": "达标", "not_qualified": "未达标",
              "title": "%s年度%s评定结果", "untimed": "%s评定结果",
              "sep": "、", "step": "%s年 %d★", "period": "%s年"},
    "en": {"html": "en", "cut": "%d in all; the first %d are listed.",
           "qualified": "Qualified", "not_qualified": "Not qualified",
           "title": "%s: results for %s", "untimed": "%s: results",
           "sep": ", ", "step": "%s: %d★", "period": "%s"},
}
W = WORDS["en"]


def cut(tree, section, total, shown):
    """A list cut short must say so, with both figures."""
    note = W["cut"] % (total, shown)
    if note not in tree.by_id(section).all_text():
        fail("%s: %d of %d rows listed, and no note %r" % (section, shown,
                                                           total, note))


def bars(tree, chart):
    fig = tree.by_id("chart-" + chart)
    if fig is None:
        fail("no chart %s" % chart)
    return [b.attrs for b in fig.find(
        lambda n: n.tag == "rect" and n.attrs.get("class") == "bar")]


def load_history(paths):
    """Each id's earlier ratings, {id: {period: stars}}, from earlier
    results (a JSON document, or NDJSON of results) or from input records
    (NDJSON) with their history typed."""
    hist = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        try:
            recs = json.loads(text)["results"]
        except (ValueError, KeyError, TypeError):
            recs = [json.loads(x) for x in text.splitlines() if x.strip()]
        for r in recs:
            if "id" not in r:
                continue  # an NDJSON file's metadata line
            h = hist.setdefault(r["id"], {})
            if r.get("status") == "ok" and isinstance(r.get("stars"), int) \
                    and r.get("period"):
                h[r["period"]] = r["stars"]
            for e in r.get("history") or []:
                if isinstance(e.get("stars"), int):
                    h[e["period"]] = e["stars"]
    return hist


def check_trends(t, res, hist, describe):
    """Each result's ratings over the years in its row, in order of
    period, a change marked; the count of each rating per period in the
    chart, named as the scheme names its stars."""
    named = {s["stars"]: s["rating"] for s in describe.get("stars", [])
             if "rating" in s}
    zero = []  # no star: as the results name it
    for r in res:
        if r.get("stars") == 0 and r.get("rating") not in zero + [None]:
            zero.append(r["rating"])
    if zero and 0 not in named:
        named[0] = "、".join(zero)
    steps, per = {}, {}
    for r in res:
        if r["status"] != "ok":
            continue
        s = sorted((p, v) for p, v in hist.get(r["id"], {}).items()
                   if p < r.get("period", "\uffff"))
        if isinstance(r.get("stars"), int) and r.get("period"):
            s.append((r["period"], r["stars"]))
        steps[r["id"]] = s
        for p, v in s:
            key = (W["period"] % p, named.get(v, str(v)))
            per[key] = per.get(key, 0) + 1
    tab = t.by_id("results-table")
    n = 0
    for tr in tab.find(lambda x: x.tag == "tr") if tab else []:
        tds = [td for td in tr.children if td.tag == "td"]
        if not tds or tds[1].all_text() not in steps:
            continue
        s = steps[tds[1].all_text()]
        cell = [td for td in tds if td.attrs.get("class") == "trend"]
        if len(cell) != 1:
            fail("row %s: no cell of its ratings over the years"
                 % tds[1].all_text())
        same("ratings of %s over the years" % tds[1].all_text(),
             cell[0].attrs.get("data-trend"),
             " ".join("%s:%d" % x for x in s))
        want = [W["step"] % x + ("" if i == 0 or x[1] == s[i - 1][1] else
                                 "↑" if x[1] > s[i - 1][1] else "↓")
                for i, x in enumerate(s)]
        same("what a reader sees of %s over the years" % tds[1].all_text(),
             [sp.all_text() for sp in cell[0].children
              if sp.attrs.get("class") == "step"], want)
        n += 1
    got = {}
    for b in bars(t, "trend"):
        if num(b["data-value"]):
            got[(b["data-label"], b["data-series"])] = num(b["data-value"])
    same("chart of ratings per year", got, per)
    if tab is None:  # summed per parent unit: the chart only
        return "ratings of %d years charted" % len({p for p, _ in per})
    return "%d organisations over %d years" % (
        n, len({p for p, _ in per}))


def check_ids(tree):
    seen = set()
    for n in tree.all:
        i = n.attrs.get("id")
        if i is not None and i in seen:
            fail("two elements have the id %r" % i)
        seen.add(i)


def check_outside(tree, text):
    for n in tree.all:
        for k, v in n.attrs.items():
            if k in ("src", "href", "xlink:href", "action", "data", "poster",
                     "srcset", "formaction", "background", "cite",
                     "manifest") and not (k == "href" and v.startswith("#")):
                fail("<%s %s=%r> refers outside the report" % (n.tag, k, v))
            if v and ("http:" in v or "https:" in v or "file:" in v):
                fail("<%s %s=%r> names a URL" % (n.tag, k, v))
    for n in tree.all:
        if n.tag in ("style", "script"):
            t = n.all_text()
            for bad in ("url(", "@import", "http:", "https:", "fetch(",
                        "XMLHttpRequest", "src="):
                if bad in t:
                    fail("<%s> holds %r" % (n.tag, bad))
        if n.tag in ("iframe", "object", "embed", "link", "img", "base"):
            fail("the report holds an <%s>" % n.tag)


def sort_filter(page, res):
    """Open the page filtered by the first result's parent and sorted by
    score (#q=...&sort=4): the rows shown must be those holding the text,
    lowest score first."""
    q = res[0].get("parent", res[0]["id"])
    p = Tree()
    p.feed(chromium(["--dump-dom"], page, "#q=%s&sort=4" % q))
    tab = p.root.by_id("results-table")
    body = [n for n in tab.children if n.tag == "tbody"][0]
    shown = [tr for tr in body.children if tr.tag == "tr" and
             tr.attrs.get("hidden") is None]
    got = [[td.all_text() for td in tr.children if td.tag == "td"][1]
           for tr in shown]
    want = [r["id"] for r in sorted(
        (r for r in res if q in "".join(
            [r["name"], r["id"], r.get("parent", ""),
             r.get("rating", ""), str(r.get("score", ""))])),
        key=lambda r: r.get("score", 0))]
    same("rows shown filtered by %s, sorted by score" % q, got, want)
    return "%d rows filtered and sorted" % len(got)


def main():
    argv = sys.argv[1:]
    browser = "--browser" in argv
    shot = None
    if "--screenshot" in argv:
        i = argv.index("--screenshot")
        shot = argv[i + 1]
        del argv[i:i + 2]
    title = described = None
    if "--title" in argv:
        i = argv.index("--title")
        title = argv[i + 1]
        del argv[i:i + 2]
    if "--describe" in argv:
        i = argv.index("--describe")
        with open(argv[i + 1], encoding="utf-8") as f:
            described = json.load(f)
        del argv[i:i + 2]
    histories = []
    while "--history" in argv:
        i = argv.index("--history")
        histories.append(argv[i + 1])
        del argv[i:i + 2]
    argv = [a for a in argv if a not in ("--browser", "--sort-filter")]
    page, results = argv
    with open(results, encoding="utf-8") as f:
        doc = json.load(f)
    res, summ, meta = doc["results"], doc["summary"], doc["assess"]
    global W
    W = WORDS[meta.get("lang", "en")]
    if browser:
        text = chromium(["--dump-dom"], page)
        if shot:
            chromium(["--window-size=1000,1400", "--screenshot=" +
                      os.path.abspath(shot)], page)
    else:
        with open(page, encoding="utf-8") as f:
            text = f.read()
    p = Tree()
    p.feed(text)
    t = p.root
    check_outside(p, text)
    html = t.find(lambda n: n.tag == "html")
    if not html or html[0].attrs.get("lang") != W["html"]:
        fail("the page is not marked lang=%s, the language of the run"
             % W["html"])
    d = described
    if d is None and (title is None or histories):
        d = json.loads(subprocess.run(
            ["assess", "--lang", meta.get("lang", "en"), "--plugin",
             meta["plugin"], "--describe"], stdout=subprocess.PIPE,
            check=True).stdout)
    if title is None:
        scheme = d.get("title") or d.get("description") or meta["plugin"]
        period = next((r["period"] for r in res if r.get("period")), None)
        if period is None:
            title = W["untimed"] % scheme
        else:
            title = W["title"] % ((period, scheme) if meta.get("lang") ==
                                  "zh_CN" else (scheme, period))
    if not t.find(lambda n: n.tag == "h1" and n.all_text() == title):
        fail("no title %r: the page is not in the language of the run"
             % title)
    check_ids(p)
    said = []

    # headline figures
    for key in ("records", "assessed", "rejected"):
        li = t.find(lambda n: n.attrs.get("data-key") == key)
        same("headline " + key, num(li[0].find(
            lambda n: n.attrs.get("class") == "n")[0].all_text()), summ[key])
    verdicts = {}
    for r in res:
        if r["status"] == "ok":
            v = r.get("rating") or (W["qualified"] if r.get("qualified")
                                    else W["not_qualified"])
            verdicts[v] = verdicts.get(v, 0) + 1
    shown = {li.attrs["data-verdict"]: int(li.find(
        lambda n: n.attrs.get("class") == "n")[0].all_text())
        for li in t.find(lambda n: "data-verdict" in n.attrs)}
    same("headline verdicts", shown, verdicts)
    said.append("%d headline figures" % (3 + len(shown)))

    # charts: the summary's maps of counts
    nbars = 0
    for key, v in summ.items():
        if is_counts(v):
            got = [(b["data-value"]) for b in bars(t, key)]
            same("chart " + key, [num(x) for x in got], list(v.values()))
            nbars += len(got)
    if not is_counts(summ.get("per_star")):
        got = {b["data-label"]: num(b["data-value"])
               for b in bars(t, "verdicts")}
        same("chart of verdicts", got, verdicts)
        nbars += len(got)
    parents = summ.get("parents") or []
    if parents:
        got = bars(t, "parents")
        per = {}
        for b in got:
            per[b["data-label"]] = per.get(b["data-label"], 0) + \
                num(b["data-value"])
        want = {}
        for pe in parents:
            m = [x for x in pe.values() if is_counts(x)]
            want[pe["parent"]] = sum(m[0].values()) if m else \
                pe["assessed"] + pe["rejected"]
        same("chart per parent unit", per, want)
        nbars += len(got)
    crit = {}
    for r in res:
        for c in r.get("criteria", []):
            if not isinstance(c.get("passed"), bool):
                continue
            k = crit.setdefault(c.get("label", c["key"]), [0, 0])
            k[0] += c.get("passed") is True
            k[1] += 1
    got = {b["data-label"]: [num(b["data-value"]), num(b["data-total"])]
           for b in bars(t, "pass")} if crit else {}
    same("chart of pass rates", got, crit)
    nbars += len(got)
    said.append("%d bars" % nbars)

    # consequences, by organisation name, the rule in data-rule
    want = [[r["name"], r["id"], r.get("parent", ""),
             a.get("label", a["code"]), a.get("rule")] for r in res
            for a in r.get("actions", [])
            if isinstance(a, dict) and "code" in a]
    tab = t.by_id("actions-table")
    trs = [n for b in (tab.children if tab else []) if b.tag == "tbody"
           for n in b.children if n.tag == "tr"]
    got = [[td.all_text() for td in tr.children if td.tag == "td"][:4] +
           [tr.attrs.get("data-rule")] for tr in trs]
    same("actions table", got, want[:len(got)] if tab else want)
    if len(got) < len(want):
        cut(t, "actions", len(want), len(got))
    said.append("%d actions" % len(got))

    # warnings: a row per organisation not vetoed, the first screenful
    # shown, the rest folded in a table of their own
    want = []
    crit_labels = {c["key"]: c.get("label", c["key"]) for r in res
                   for c in r.get("criteria", [])}
    for r in res:
        ws = [a for a in r.get("warnings", []) if isinstance(a, dict) and
              "code" in a]
        if not ws or r.get("vetoes"):
            continue
        groups = []
        for a in ws:
            lab = a.get("label", a["code"])
            g = next((g for g in groups if g[0] == lab), None)
            if g is None:
                g = (lab, [])
                groups.append(g)
            if "item" in a:
                g[1].append(crit_labels.get(a["item"], a["item"]))
        want.append([r["name"], r["id"], r.get("parent", ""), "；".join(
            lab + ("：" + W["sep"].join(it) if it else "")
            for lab, it in groups)])
    got = []
    for table in ("warnings-table", "warnings-table-more"):
        tab = t.by_id(table)
        got += [row[:4] for row in tab.rows()] if tab else []
    same("warnings table", got, want[:len(got)])
    first = t.by_id("warnings-table")
    if first is not None and len(first.rows()) > 15:
        fail("warnings: %d rows before the fold" % len(first.rows()))
    if len(got) < len(want):
        cut(t, "warnings", len(want), len(got))
    said.append("%d organisations warned" % len(got))

    # the rejected records: where, which field, why
    want = [[r.get("name") or "", r["id"], r.get("parent") or "",
             "%s:%d" % (r["file"], r["line"]), e.get("path") or "",
             e["message"]] for r in res if r.get("status") == "rejected"
            for e in r.get("errors", [])]
    tab = t.by_id("rejected-table")
    got = [row[:6] for row in tab.rows()] if tab else []
    same("rejected table", got, want[:len(got)] if tab else want)
    if len(got) < len(want):
        cut(t, "rejected", len(want), len(got))
    said.append("%d rejections" % len(got))

    # pairing (SB9): names, and the helped's unit
    byid = {r["id"]: r for r in res}
    if "pairs" in summ:
        want = [[byid[x["helper"]]["name"] + " " + x["helper"],
                 byid[x["helped"]]["name"] + " " + x["helped"],
                 byid[x["helped"]].get("parent", "")]
                for x in summ["pairs"]]
        tab = t.by_id("pairs-table")
        got = [r[:3] for r in tab.rows()] if tab else []
        same("pairs", got, want[:len(got)])
        if len(got) < len(want):
            cut(t, "pairs", len(want), len(got))
        tab = t.by_id("unpaired-table")
        n = len(tab.rows()) if tab else 0
        if n < len(summ["unpaired"]):
            cut(t, "pairs", len(summ["unpaired"]), n)
        said.append("%d pairs" % len(got))

    # the communities that held a street back (SG2)
    held = [[r["name"], c.get("label", c["key"]), h["name"], h["id"]] for r in res
            for c in r.get("criteria", [])
            for h in (c.get("communities") or {}).get("held_back", [])]
    if held:
        same("held back", [r[:4] for r in t.by_id("held-by-table").rows()],
             held)
        said.append("%d held back" % len(held))

    # the results table, or its summary per parent unit
    tab = t.by_id("results-table")
    if tab is not None:
        same("results table", [r[1] for r in tab.rows()],
             [r["id"] for r in res])
        said.append("%d results listed" % len(res))
    else:
        rows = t.by_id("parents-table").rows()
        want = {}
        for r in res:
            want[r.get("parent", "")] = want.get(r.get("parent", ""), 0) + 1
        same("results per parent unit", {r[0]: int(r[-1]) for r in rows},
             want)
        said.append("%d results summed in %d parent units" % (len(res),
                                                              len(rows)))

    # trends: only when earlier ratings are known
    if histories:
        said.append(check_trends(t, res, load_history(histories), d))
    elif t.by_id("chart-trend") is not None or t.find(
            lambda n: n.attrs.get("class") == "trend"):
        fail("the page shows trends, and no history was given")

    # reproducibility
    rep = {tr.attrs["data-key"]: tr.find(lambda n: n.tag == "code")[0]
           .all_text() for tr in t.by_id("repro-table").find(
               lambda n: n.tag == "tr")}
    for key in ("version", "config_sha256", "input_sha256"):
        same("reproducibility " + key, rep.get(key), meta[key] or "")
    if browser:
        bar = t.by_id("filter-bar")
        if bar is not None and bar.attrs.get("hidden") is not None:
            fail("the script did not run: the filter is still hidden")
    if browser and "--sort-filter" in sys.argv and tab is not None:
        said.append(sort_filter(page, res))
    print("%s: %s agree with the JSON; nothing outside the report" %
          (os.path.basename(page), ", ".join(said)))


main()
