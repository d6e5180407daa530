// vigie live reload: injected into pages only by `vigie serve`, never by `build`.
// Listens to the server's events: reloads the page after a good rebuild, shows
// the diagnostics over the page after a failed one, and hides them once fixed.
(() => {
  const loadedBuild = Number(document.currentScript.dataset.build);
  let overlay = null;
  const hide = () => { if (overlay) { overlay.remove(); overlay = null; } };
  const show = (status) => {
    hide();
    overlay = document.createElement("div");
    overlay.id = "vigie-overlay";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-label", "vigie: the content has errors");
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);color:#f5f5f5;padding:2rem;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace";
    const title = document.createElement("p");
    title.style.cssText = "font:700 16px/1.4 system-ui,sans-serif;color:#fca5a5;margin:0 0 1rem";
    title.textContent = `vigie: ${status.errors} error(s); the last good pages are still served. Fix the file and save.`;
    overlay.append(title);
    for (const diagnostic of status.diagnostics) {
      const block = document.createElement("pre");
      block.className = "vigie-diagnostic";
      block.style.cssText = "white-space:pre-wrap;margin:0 0 1.25rem;padding:.75rem;border-left:4px solid " + (diagnostic.severity === "error" ? "#f87171" : "#fbbf24") + ";background:#111";
      block.textContent = diagnostic.text;
      overlay.append(block);
    }
    document.body.append(overlay);
  };
  const events = new EventSource(document.currentScript.dataset.events);
  events.onmessage = (message) => {
    const status = JSON.parse(message.data);
    if (status.state === "errors") {
      show(status);
    } else if (status.build !== loadedBuild) {
      location.reload();
    } else {
      hide();
    }
  };
})();
