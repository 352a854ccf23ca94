// termkit HTML report: filters, jumps, tooltips and keyboard navigation.
// Builds every node with textContent: no document text ever goes through innerHTML.
(() => {
  "use strict";
  const data = JSON.parse(document.getElementById("termkit-data").textContent);
  const findings = [];
  const byRef = new Map();
  for (const el of document.querySelectorAll("[data-rule]")) {
    const doc = el.closest(".doc");
    const f = { el, rule: el.dataset.rule, sev: el.dataset.severity, doc: doc ? doc.dataset.doc : "",
                line: el.closest(".l"), parts: [] };
    findings.push(f);
    byRef.set(el.id.slice(1), f);
  }
  for (const el of document.querySelectorAll("[data-ref]")) {
    const f = byRef.get(el.dataset.ref);
    if (f) f.parts.push(el);
  }

  // ---- filters
  const boxes = [...document.querySelectorAll("#filters input[data-filter]")];
  const docSelect = document.getElementById("doc-filter");
  const compact = document.getElementById("compact");
  const shown = document.getElementById("shown");

  function apply() {
    const on = { rule: new Set(), severity: new Set() };
    for (const b of boxes) if (b.checked) on[b.dataset.filter].add(b.value);
    const doc = docSelect.value;
    for (const s of document.querySelectorAll(".doc")) s.hidden = doc !== "" && s.dataset.doc !== doc;
    const lit = new Set();
    let count = 0;
    for (const f of findings) {
      const visible = on.rule.has(f.rule) && on.severity.has(f.sev) && (doc === "" || f.doc === doc);
      f.el.classList.toggle("off", !visible);
      for (const p of f.parts) p.classList.toggle("off", !visible);
      if (visible) {
        count += 1;
        if (f.line) lit.add(f.line);
      }
    }
    for (const l of document.querySelectorAll(".l.hit")) l.classList.toggle("dim", !lit.has(l));
    document.body.classList.toggle("compact", compact.checked);
    if (shown) shown.textContent = count === findings.length ? `(${count})` : `(${count} of ${findings.length} shown)`;
  }
  document.getElementById("filters").addEventListener("change", apply);
  document.getElementById("filters").addEventListener("click", (e) => {
    const b = e.target.closest("button[data-all], button[data-none]");
    if (!b) return;
    const group = b.dataset.all || b.dataset.none;
    for (const box of boxes) if (box.dataset.filter === group) box.checked = Boolean(b.dataset.all);
    apply();
  });

  // ---- the filter bar is sticky and wraps with the window: document titles stick below it
  const bar = document.getElementById("filters");
  const setBar = () => document.documentElement.style.setProperty("--bar", `${bar.offsetHeight}px`);
  addEventListener("resize", setBar);
  setBar();

  // ---- jumps: summary rows and links to findings, lines and first occurrences
  function jump(id) {
    const el = document.getElementById(id);
    if (!el) return;
    const section = el.closest(".doc");
    if (section && section.hidden) { docSelect.value = ""; apply(); }
    if (compact.checked && el.closest(".l") && el.closest(".l").offsetParent === null) { compact.checked = false; apply(); }
    const folded = el.closest("details:not([open])");
    if (folded) folded.open = true;
    el.scrollIntoView({ block: "center" });
    el.classList.remove("flash");
    void el.offsetWidth;  // restart the animation
    el.classList.add("flash");
    if (el.matches("mark.fd")) el.focus({ preventScroll: true });
    history.replaceState(null, "", "#" + id);
  }
  document.addEventListener("click", (e) => {
    const a = e.target.closest('a[href^="#"]');
    const row = e.target.closest("tr[data-href]");
    if (a) { e.preventDefault(); jump(a.getAttribute("href").slice(1)); }
    else if (row) jump(row.dataset.href);
  });

  // ---- keyboard: n / p to the next or previous visible finding
  let current = -1;
  document.addEventListener("keydown", (e) => {
    if (e.target.closest("input, select, textarea") || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "Escape") { hide(); return; }
    if (e.key !== "n" && e.key !== "p") return;
    const visible = findings.filter((f) => !f.el.classList.contains("off") && !(f.el.closest(".doc") || {}).hidden);
    if (!visible.length) return;
    const focused = visible.findIndex((f) => f.el === document.activeElement);
    if (focused >= 0) current = focused;
    current = e.key === "n" ? (current + 1) % visible.length : (current - 1 + visible.length) % visible.length;
    jump(visible[current].el.id);
  });

  // ---- tooltip: the finding's message and the term's concept, English and status
  const tip = document.getElementById("tip");
  function line(cls, text) {
    const d = document.createElement("div");
    d.className = cls;
    d.textContent = text;
    tip.appendChild(d);
  }
  let tipTarget = null;
  function show(target) {
    const fd = target.closest("mark.fd");
    const tm = target.closest(".tm");
    if (!fd && !tm) { hide(); return; }
    tipTarget = target;
    tip.replaceChildren();
    if (fd) {
      const note = document.getElementById("n" + (fd.id ? fd.id.slice(1) : fd.dataset.ref));
      if (note) {
        line("h", `${note.querySelector(".sev").textContent} · ${note.querySelector("code").textContent}`);
        line("", note.querySelector(".msg").textContent);
        const sug = note.querySelector(".sug");
        if (sug) line("", sug.textContent);
      }
    }
    if (tm) {
      const [concept, zh, status, type, en, zhPreferred, note] = data.terms[Number(tm.dataset.k)];
      line("h", concept);
      line("", `${zh} · ${status}, ${type}`);
      if (en) line("", `en: ${en}`);
      if (zhPreferred && zhPreferred !== zh) line("", `preferred: ${zhPreferred}`);
      if (note) line("d", note);
    }
    tip.hidden = false;
    const r = target.getBoundingClientRect();
    const w = tip.offsetWidth, h = tip.offsetHeight;
    tip.style.left = `${Math.max(4, Math.min(r.left, innerWidth - w - 8))}px`;
    tip.style.top = `${r.bottom + 6 + h > innerHeight ? Math.max(4, r.top - h - 6) : r.bottom + 6}px`;
  }
  function hide() { tip.hidden = true; tipTarget = null; }
  const main = document.querySelector("main");
  main.addEventListener("mouseover", (e) => show(e.target));
  main.addEventListener("mouseleave", hide);
  main.addEventListener("focusin", (e) => show(e.target));
  main.addEventListener("focusout", hide);
  main.addEventListener("click", (e) => { if (e.target.closest(".tm")) show(e.target); });
  // a focused finding keeps its tooltip while the page scrolls to it; a hovered one loses it
  addEventListener("scroll", () => {
    if (tipTarget && tipTarget === document.activeElement) show(tipTarget); else hide();
  }, { passive: true });

  apply();
  if (location.hash.length > 1) jump(decodeURIComponent(location.hash.slice(1)));
})();
