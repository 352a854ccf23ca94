// termkit termbase page: search by Chinese (simplified or traditional), English, abbreviation or id;
// filter by subject, termbase and status. Builds every node with textContent: no term ever goes
// through innerHTML.
(() => {
  "use strict";
  const data = JSON.parse(document.getElementById("termkit-data").textContent);
  const LIMIT = 100;  // concepts drawn at once: enough to read, few enough to draw at once
  const LANGS = ["zh", "en"];
  const t2s = data.t2s;
  const JOINERS = /[\s\-\u2010\u2011\u2012\u2013\u2014_]/u;

  // the query and the terms are compared folded: compatibility forms (full-width letters) to plain,
  // lower case, traditional characters to simplified, white space and hyphens dropped
  function fold(text) {
    let out = "";
    for (const ch of text.normalize("NFKC").toLowerCase()) {
      if (JOINERS.test(ch)) continue;
      out += t2s[ch] || ch;
    }
    return out;
  }

  const concepts = data.concepts.map((c, i) => {
    const [id, subject, termbase, verified, definition, note, source, terms] = c;
    const unverified = !verified || terms.some((t) => !t[8]);
    const statuses = new Set(terms.map((t) => data.statuses[t[3]]));
    return { i, id, subject, termbase, definition, note, source, terms, unverified, statuses,
             keys: terms.map((t) => fold(t[1])).concat([fold(id)]) };
  });

  // ---- filters
  const q = document.getElementById("q");
  const subjectSelect = document.getElementById("subject");
  const termbaseSelect = document.getElementById("termbase");
  const statusSelect = document.getElementById("status");
  function option(select, value, label) {
    const o = document.createElement("option");
    o.value = value;
    o.textContent = label;
    select.appendChild(o);
  }
  const count = (pred) => concepts.reduce((n, c) => n + (pred(c) ? 1 : 0), 0);
  data.subjects.forEach((s, i) => option(subjectSelect, String(i), `${s} (${count((c) => c.subject === i)})`));
  data.termbases.forEach(([id, title], i) =>
    option(termbaseSelect, String(i), `${title === id ? id : `${title} (${id})`} · ${count((c) => c.termbase === i)}`));
  for (const s of data.statuses) {
    if (s !== "preferred") option(statusSelect, s, `with ${s} forms (${count((c) => c.statuses.has(s))})`);
  }
  option(statusSelect, "unverified", `unverified (${count((c) => c.unverified)})`);

  function passes(c, subject, termbase, status) {
    if (subject !== "" && c.subject !== Number(subject)) return false;
    if (termbase !== "" && c.termbase !== Number(termbase)) return false;
    if (status === "unverified") return c.unverified;
    return status === "" || c.statuses.has(status);
  }

  // ---- search: an exact form first, then a form it begins, then one it is part of; shorter forms first
  function search(query, subject, termbase, status) {
    const needle = fold(query);
    const hits = [];
    for (const c of concepts) {
      if (!passes(c, subject, termbase, status)) continue;
      if (!needle) { hits.push({ c, rank: 0, len: 0, term: -1 }); continue; }
      let best = null;
      c.keys.forEach((key, k) => {
        const at = key.indexOf(needle);
        if (at < 0) return;
        const rank = key.length === needle.length ? 0 : at === 0 ? 1 : 2;
        if (!best || rank < best.rank || (rank === best.rank && key.length < best.len)) {
          best = { c, rank, len: key.length, term: k < c.terms.length ? k : -1 };
        }
      });
      if (best) hits.push(best);
    }
    if (needle) hits.sort((a, b) => a.rank - b.rank || a.len - b.len || (a.c.id < b.c.id ? -1 : a.c.id > b.c.id ? 1 : 0));
    return hits;
  }

  // ---- drawing
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function termItem(t, matched) {
    const [lang, text, type, status, note, use, since, until, verified] = t;
    const st = data.statuses[status];
    const li = el("li", `t s-${st}${matched ? " hit" : ""}`);
    const form = el("span", "form", text);
    form.lang = LANGS[lang] === "zh" ? "zh-Hans" : "en";
    li.append(form, " ", el("span", "type", data.types[type]));
    if (st !== "preferred") li.append(" ", el("span", `st s-${st}`, st));
    if (use) li.append(" ", el("span", "use", `→ ${use}`));
    if (since || until) li.append(" ", el("span", "dates", [since && `since ${since}`, until && `until ${until}`].filter(Boolean).join(", ")));
    if (!verified) li.append(" ", el("span", "unv", "unverified"));
    if (note) li.append(el("div", "tnote", note));
    return li;
  }
  function card(hit) {
    const c = hit.c;
    const art = el("article", "concept");
    art.dataset.id = c.id;
    art.dataset.subject = data.subjects[c.subject];
    art.dataset.termbase = data.termbases[c.termbase][0];
    const h = el("h2");
    h.append(el("code", "id", c.id), " ", el("span", "subj", data.subjects[c.subject]), " ",
             el("span", "tb", data.termbases[c.termbase][0]));
    if (c.unverified) h.append(" ", el("span", "unv", "unverified"));
    art.appendChild(h);
    const langs = el("div", "langs");
    for (let lang = 0; lang < LANGS.length; lang++) {
      const items = c.terms.map((t, k) => [t, k]).filter(([t]) => t[0] === lang);
      if (!items.length) continue;
      const box = el("div", `lang lang-${LANGS[lang]}`);
      box.appendChild(el("div", "label", LANGS[lang] === "zh" ? "中文" : "English"));
      const ul = el("ul");
      for (const [t, k] of items) ul.appendChild(termItem(t, k === hit.term));
      box.appendChild(ul);
      langs.appendChild(box);
    }
    art.appendChild(langs);
    if (c.definition) art.appendChild(el("p", "def", c.definition));
    if (c.note) art.appendChild(el("p", "note", c.note));
    if (c.source) {
      const p = el("p", "src");
      p.append(el("span", "label", "source"), " ", c.source);
      art.appendChild(p);
    }
    return art;
  }

  const results = document.getElementById("results");
  const countLine = document.getElementById("count");
  const more = document.getElementById("more");
  function update(writeHash) {
    const hits = search(q.value, subjectSelect.value, termbaseSelect.value, statusSelect.value);
    const frag = document.createDocumentFragment();
    for (const hit of hits.slice(0, LIMIT)) frag.appendChild(card(hit));
    results.replaceChildren(frag);
    const n = hits.length;
    countLine.textContent = q.value.trim()
      ? `${n.toLocaleString("en")} concept${n === 1 ? "" : "s"} match "${q.value.trim()}"`
      : `${n.toLocaleString("en")} concept${n === 1 ? "" : "s"}`;
    more.hidden = n <= LIMIT;
    more.textContent = `showing the first ${LIMIT} of ${n.toLocaleString("en")}: refine the search or the filters`;
    if (writeHash) {
      const state = new URLSearchParams();
      if (q.value) state.set("q", q.value);
      if (subjectSelect.value) state.set("subject", data.subjects[Number(subjectSelect.value)]);
      if (termbaseSelect.value) state.set("termbase", data.termbases[Number(termbaseSelect.value)][0]);
      if (statusSelect.value) state.set("status", statusSelect.value);
      const hash = state.toString();
      history.replaceState(null, "", hash ? `#${hash}` : location.pathname + location.search);
    }
    document.body.dataset.shown = String(Math.min(n, LIMIT));
  }

  // typing runs one search per frame at most
  let pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; update(true); });
  }
  q.addEventListener("input", schedule);
  for (const s of [subjectSelect, termbaseSelect, statusSelect]) s.addEventListener("change", () => update(true));
  document.addEventListener("keydown", (e) => {
    if (e.key === "/" && document.activeElement !== q) { e.preventDefault(); q.focus(); q.select(); }
    else if (e.key === "Escape" && document.activeElement === q) { q.value = ""; update(true); }
  });

  // a link may carry a search: termbase.html#q=大会&subject=bodies
  function restore() {
    const state = new URLSearchParams(location.hash.slice(1));
    q.value = state.get("q") || "";
    const subject = data.subjects.indexOf(state.get("subject"));
    subjectSelect.value = subject >= 0 ? String(subject) : "";
    const termbase = data.termbases.findIndex(([id]) => id === state.get("termbase"));
    termbaseSelect.value = termbase >= 0 ? String(termbase) : "";
    statusSelect.value = [...statusSelect.options].some((o) => o.value === state.get("status")) ? state.get("status") : "";
  }
  addEventListener("hashchange", () => { restore(); update(false); });
  restore();
  update(false);
  document.body.dataset.ready = "1";
})();
