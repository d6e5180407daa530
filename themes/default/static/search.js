// The search page: runs Pagefind's index (built by `vigie build` under
// pagefind/) in the reader's browser. Works at the root of a domain, under
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
// The order in which filters are offered, and the names of their menus.
const FILTERS = ["kind", "actor", "provider", "topic", "year", "verdict"];
const numbers = new Intl.NumberFormat(language);
const collator = new Intl.Collator(language, { numeric: true });
const plural = new Intl.PluralRules(language);

const escape = (text) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
// Pagefind marks the matched words with <mark>; nothing else of the excerpt is markup.
const excerpt = (html) =>
  escape(html.replace(/<\/?mark>/g, (tag) => (tag === "<mark>" ? "\u0001" : "\u0002")))
    .replace(/\u0001/g, "<mark>")
    .replace(/\u0002/g, "</mark>");
const say = (template, values) =>
  template.replace(/\{(\w+)\}/g, (_, key) => values[key] ?? "");

let pagefind;
const selects = {};

async function start() {
  try {
    pagefind = await import(new URL("pagefind/pagefind.js", root).href);
    await pagefind.options({ baseUrl: root.pathname });
    await pagefind.init();
  } catch (error) {
    status.textContent = strings.failed;
    return;
  }
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  const available = await pagefind.filters();
  for (const name of FILTERS) {
    const values = Object.keys(available[name] || {});
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

async function run() {
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
    shown += 1;
    return;
  }
  const search = await pagefind.debouncedSearch(query || null, { filters }, 150);
  if (search === null) return; // a later keystroke took over
  const count = search.results.length;
  status.textContent =
    count === 0
      ? say(strings.no_result, { query })
      : say(plural.select(count) === "one" ? strings.one_result : strings.many_results, {
          count: numbers.format(count),
        });
  list.replaceChildren();
  more.hidden = true;
  pending = search.results;
  shown += 1;
  await showMore();
}

// Results are shown a page at a time: each needs its fragment fetched.
const PAGE = 20;
let pending = [];
// Which search the list shows: a page of an older one arriving late is dropped.
let shown = 0;
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

async function showMore() {
  const next = pending.slice(0, PAGE);
  pending = pending.slice(PAGE);
  const search = shown;
  const results = await Promise.all(next.map((r) => r.data()));
  if (search !== shown) return;
  list.append(
    ...results.map((result) => {
      const item = document.createElement("li");
      const facts = [result.meta.kind, result.meta.date].filter(Boolean).map(escape).join(" · ");
      item.innerHTML =
        `<a href="${escape(result.url)}">${escape(result.meta.title || result.url)}</a>` +
        (facts ? `<p class="meta">${facts}</p>` : "") +
        `<p class="search-excerpt">${excerpt(result.excerpt)}</p>`;
      return item;
    }),
  );
  more.hidden = pending.length === 0;
}

start();
