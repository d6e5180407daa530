// The search page: queries the index that `vigie build` writes under search/
// (its format is described in src/render/search.rs) in the reader's browser,
// fetching only the files a query needs. Works at the root of a domain, under
// a sub-path and from `vigie serve`: every address starts from the page's
// link to the site's root. Strings come from the theme (search-strings).
const box = document.getElementById("search");
const strings = JSON.parse(document.getElementById("search-strings").textContent);
const form = box.querySelector("form");
const input = box.querySelector("#search-query");
const filtersBox = box.querySelector(".search-filters");
const status = box.querySelector(".search-status");
const list = box.querySelector(".search-results");
const language = box.dataset.language;
const root = new URL(box.dataset.root, location.href);
const folder = new URL("search/", root);
// The version of the index this script reads (VERSION in src/render/search.rs).
const VERSION = 3;
// The order in which filters are offered, and the names of their menus.
const FILTERS = ["kind", "actor", "provider", "topic", "year", "verdict"];
// Results shown at a time, and words around the matches in an excerpt.
const PAGE = 20;
const EXCERPT_WORDS = 30;
const numbers = new Intl.NumberFormat(language);
const collator = new Intl.Collator(language, { numeric: true });
const plural = new Intl.PluralRules(language);

const escape = (text) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
const say = (template, values) => template.replace(/\{(\w+)\}/g, (_, key) => values[key] ?? "");

// Words as the index cuts them: runs of letters and digits of two characters
// or more, lowercased, accents removed (`words` and `fold` in search.rs).
const WORD = /[\p{Alphabetic}\p{N}]+/gu;
const isWord = (word) => [...word].length >= 2;
const fold = (word) => word.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "");
// The file of the words that start as `word` does (`word_key` in search.rs).
const wordKey = (word) =>
  [...word]
    .slice(0, 2)
    .map((c) => (/[a-zA-Z0-9]/.test(c) ? c : `_${c.codePointAt(0).toString(16)}`))
    .join("");

// A file of the index as JSON. All but index.json are gzipped; a host that
// serves `.gz` with `Content-Encoding: gzip` has the browser unpack it first,
// so the bytes are unpacked here only when they still start as gzip does.
async function json(response) {
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return JSON.parse(new TextDecoder().decode(bytes));
  const unpacked = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(unpacked).json();
}

// Each file of the index is fetched once; a missing file is no match.
const files = new Map();
function load(path) {
  if (!files.has(path)) {
    files.set(
      path,
      fetch(new URL(path, folder)).then((response) => (response.ok ? json(response) : null)),
    );
  }
  return files.get(path);
}

let meta;
// The pages' average length in words, for ranking (BM25).
let averageLength = 1;
const selects = {};

async function start() {
  try {
    meta = await load("index.json");
    if (!meta || meta.version !== VERSION) throw new Error("no index of this version");
    const total = meta.lengths.reduce((a, b) => a + b, 0);
    averageLength = total / Math.max(meta.lengths.length, 1) || 1;
  } catch (error) {
    status.textContent = strings.failed;
    return;
  }
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  for (const name of FILTERS) {
    const values = Object.keys(meta.filters[name] || {});
    if (values.length === 0) continue;
    const id = `search-filter-${name}`;
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = strings.filter[name] || name;
    const select = document.createElement("select");
    select.id = id;
    select.name = name;
    select.add(new Option(strings.any, ""));
    for (const value of values.sort(collator.compare)) {
      select.add(new Option(value, value));
    }
    select.value = params.get(name) || "";
    select.addEventListener("change", run);
    const field = document.createElement("div");
    field.className = "search-filter";
    field.append(label, select);
    filtersBox.append(field);
    selects[name] = select;
  }
  filtersBox.hidden = Object.keys(selects).length === 0;
  input.addEventListener("input", run);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  run();
}

// Pairs of (number after the previous one, value) or bare gaps, as the index
// writes page numbers, read back into absolute numbers.
function* pages(gaps, step) {
  let page = 0;
  for (let i = 0; i < gaps.length; i += step) {
    page += gaps[i];
    yield [page, step === 2 ? gaps[i + 1] : 1];
  }
}

// The pages that hold a query word (its folded form), scored (BM25), and the
// folded words of the index that count as it, to mark in excerpts. A word
// matches the words it starts, and through them their stems: "héberg" finds
// "hébergement" and "hébergeur"; a whole word weighs more than a beginning.
async function matchWord(word) {
  const file = await load(`words/${wordKey(word)}.json.gz`);
  const scores = new Map();
  const forms = new Set();
  if (!file) return { scores, forms };
  const stems = new Map();
  for (const [form, stem] of Object.entries(file.words)) {
    if (!form.startsWith(word)) continue;
    const key = stem === 0 ? form : stem;
    stems.set(key, Math.max(stems.get(key) ?? 0, form === word ? 1 : 0.5));
  }
  for (const [form, stem] of Object.entries(file.words)) {
    if (stems.has(stem === 0 ? form : stem)) forms.add(form);
  }
  const count = meta.lengths.length;
  for (const [stem, factor] of stems) {
    const postings = file.stems[stem] || [];
    const found = postings.length / 2;
    const idf = Math.log(1 + (count - found + 0.5) / (found + 0.5));
    for (const [page, weight] of pages(postings, 2)) {
      const norm = 1.2 * (0.25 + (0.75 * meta.lengths[page]) / averageLength);
      const score = (factor * idf * weight * 2.2) / (weight + norm);
      scores.set(page, (scores.get(page) ?? 0) + score);
    }
  }
  return { scores, forms };
}

// The pages a query and the chosen filters select, best first, and the
// words to mark.
async function search(query, filters) {
  const words = [...new Set((query.match(WORD) || []).filter(isWord).map(fold))];
  let scores = null;
  const forms = new Set();
  for (const match of await Promise.all(words.map(matchWord))) {
    match.forms.forEach((form) => forms.add(form));
    if (scores === null) {
      scores = match.scores;
      continue;
    }
    const both = new Map();
    for (const [page, score] of scores) {
      if (match.scores.has(page)) both.set(page, score + match.scores.get(page));
    }
    scores = both;
  }
  if (Object.keys(filters).length > 0) {
    const all = await load("filters.json.gz");
    for (const [name, value] of Object.entries(filters)) {
      const chosen = new Set();
      for (const [page] of pages(all?.[name]?.[value] || [], 1)) chosen.add(page);
      if (scores === null) {
        scores = new Map([...chosen].map((page) => [page, 0]));
      } else {
        scores = new Map([...scores].filter(([page]) => chosen.has(page)));
      }
    }
  }
  const results = [...(scores || new Map())]
    .sort(([a, x], [b, y]) => y - x || a - b)
    .map(([page]) => page);
  return { results, forms };
}

// The passage of `text` with the most marked words, escaped, those words in <mark>.
function excerpt(text, forms) {
  const words = [...text.matchAll(WORD)].filter((m) => isWord(m[0]));
  if (words.length === 0) return "";
  const marked = words.map((m) => forms.has(fold(m[0])));
  let best = 0;
  let bestCount = -1;
  let count = 0;
  for (let i = 0; i < words.length; i++) {
    count += marked[i] ? 1 : 0;
    if (i >= EXCERPT_WORDS) count -= marked[i - EXCERPT_WORDS] ? 1 : 0;
    const first = Math.max(0, i - EXCERPT_WORDS + 1);
    if (count > bestCount) {
      bestCount = count;
      best = first;
    }
  }
  const last = Math.min(words.length, best + EXCERPT_WORDS) - 1;
  let html = best > 0 ? "… " : "";
  let at = words[best].index;
  for (let i = best; i <= last; i++) {
    const word = words[i];
    html += escape(text.slice(at, word.index));
    html += marked[i] ? `<mark>${escape(word[0])}</mark>` : escape(word[0]);
    at = word.index + word[0].length;
  }
  return html + (last < words.length - 1 ? " …" : "");
}

// Which search the list shows: a later keystroke or a page of an older
// search arriving late is dropped.
let shown = 0;
let pending = [];
let marks = new Set();

async function run() {
  const ticket = ++shown;
  const query = input.value.trim();
  const filters = {};
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const [name, select] of Object.entries(selects)) {
    if (select.value) {
      filters[name] = select.value;
      params.set(name, select.value);
    }
  }
  const address = params.toString();
  history.replaceState(null, "", address ? `?${address}` : location.pathname);
  if (!query && Object.keys(filters).length === 0) {
    list.replaceChildren();
    status.textContent = "";
    pending = [];
    more.hidden = true;
    return;
  }
  // Wait for the reader to pause typing before fetching anything.
  await new Promise((resolve) => setTimeout(resolve, 120));
  if (ticket !== shown) return;
  const found = await search(query, filters);
  if (ticket !== shown) return;
  const count = found.results.length;
  status.textContent =
    count === 0
      ? say(strings.no_result, { query })
      : say(plural.select(count) === "one" ? strings.one_result : strings.many_results, {
          count: numbers.format(count),
        });
  list.replaceChildren();
  more.hidden = true;
  pending = found.results;
  marks = found.forms;
  await showMore();
}

const more = document.createElement("button");
more.type = "button";
more.className = "search-more";
more.textContent = strings.more;
more.hidden = true;
more.addEventListener("click", async () => {
  const first = list.children.length;
  await showMore();
  list.children[first]?.querySelector("a")?.focus();
});
box.append(more);

// What the result for `page` shows: the file of results it shares with
// the pages numbered next to it is fetched once for them all.
async function resultOf(page) {
  const perFile = meta.results_per_file;
  const results = await load(`results/${Math.floor(page / perFile)}.json.gz`);
  return results?.[page % perFile] ?? null;
}

// Shows the next results: each needs its results file fetched.
async function showMore() {
  const next = pending.slice(0, PAGE);
  pending = pending.slice(PAGE);
  const ticket = shown;
  const results = await Promise.all(next.map(resultOf));
  if (ticket !== shown) return;
  list.append(
    ...results.filter(Boolean).map((result) => {
      const item = document.createElement("li");
      const href = new URL(result.url, root).pathname;
      const facts = [result.kind, result.date].filter(Boolean).map(escape).join(" · ");
      item.innerHTML =
        `<a href="${escape(href)}">${escape(result.title || result.url)}</a>` +
        (facts ? `<p class="meta">${facts}</p>` : "") +
        `<p class="search-excerpt">${excerpt(result.text, marks)}</p>`;
      return item;
    }),
  );
  more.hidden = pending.length === 0;
}

start();
