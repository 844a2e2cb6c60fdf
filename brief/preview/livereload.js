// Live reload for `brief serve`. The preview server adds this script to the HTML it serves;
// files on disk never carry it. Messages come as Server-Sent Events from the same server.
//
// One tab per browser holds the event stream and relays it to the others (Web Locks and a
// BroadcastChannel), because a browser opens at most six connections to one host: a stream
// per tab would leave the seventh tab waiting forever.
(() => {
  "use strict";
  const EVENTS = "/__brief__/events";
  const NAME = "brief-live-reload";
  const script = document.currentScript;
  const page = script.dataset.page; // the file this HTML came from; "*": reload on any change
  let epoch = script.dataset.epoch; // the build it came from
  let broken = false;
  let overlay = null;

  const seen = new Set([epoch]); // changes this page has taken in (a relay may repeat one)

  function act(m) {
    // Marks the page as following the preview (tests wait for it before editing files).
    document.documentElement.dataset.briefLive = "on";
    if (m.type === "change" && seen.has(m.epoch)) return;
    if (m.error) {
      show(m.error);
    } else if (broken || m.epoch === epoch) {
      if (broken) location.reload(); // fixed: drop the overlay, show the fresh build
    } else if (
      m.type !== "change" ||
      m.prev !== epoch || // a build was missed: this page may be stale
      m.unsure ||
      page === "*" ||
      m.pages.includes(page)
    ) {
      location.reload();
    } else {
      swapStyles(m.css, m.epoch);
      epoch = m.epoch;
      seen.add(epoch);
    }
  }

  function swapStyles(paths, version) {
    for (const link of document.querySelectorAll('link[rel~="stylesheet"][href]')) {
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin || !paths.includes(url.pathname)) continue;
      url.searchParams.set("brief", version);
      const fresh = link.cloneNode();
      fresh.href = url.href;
      const done = () => link.remove();
      fresh.addEventListener("load", done, { once: true });
      fresh.addEventListener("error", done, { once: true });
      link.after(fresh);
    }
  }

  function show(problems) {
    broken = true;
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "brief-error-overlay";
      const root = overlay.attachShadow({ mode: "open" });
      const style = document.createElement("style");
      style.textContent = `
        :host { all: initial; position: fixed; inset: 0 0 auto 0; z-index: 2147483647; }
        :host([hidden]) { display: none; }
        .box { max-height: 80vh; overflow: auto; margin: 0; padding: 1rem 1.25rem;
          box-sizing: border-box;
          background: #2b0b0e; color: #fff; border-bottom: 4px solid #ff6b6b;
          font: 15px/1.5 system-ui, sans-serif; box-shadow: 0 4px 24px #0008; }
        h2 { margin: 0 0 .5rem; font-size: 1.1rem; color: #ffb3b3; }
        pre { margin: 0 0 .5rem; white-space: pre-wrap; overflow-wrap: anywhere;
          font: 14px/1.45 ui-monospace, monospace; }
        p { margin: 0; color: #f2d4d4; }
        button { float: right; font: inherit; color: #fff; background: transparent;
          border: 1px solid #f2d4d4; border-radius: 4px; padding: .1rem .6rem; cursor: pointer; }`;
      const box = document.createElement("div");
      box.className = "box";
      box.setAttribute("role", "alert");
      const close = document.createElement("button");
      close.type = "button";
      close.textContent = "Hide";
      close.addEventListener("click", () => (overlay.hidden = true));
      const title = document.createElement("h2");
      title.textContent = "The last change did not build";
      const list = document.createElement("pre");
      const note = document.createElement("p");
      note.textContent = "Still showing the last good build. Fix it and save: this page reloads.";
      box.append(close, title, list, note);
      root.append(style, box);
    }
    overlay.shadowRoot.querySelector("pre").textContent = problems.join("\n");
    overlay.hidden = false;
    if (!overlay.isConnected) (document.body || document.documentElement).append(overlay);
  }

  let server = null; // the latest state, for tabs that open later

  function listen(relay) {
    // With this page's epoch: a stream opened after changes (the tab that held it went)
    // starts with the changes this page missed, so it reloads only if they touch it.
    const source = new EventSource(EVENTS + "?since=" + encodeURIComponent(epoch));
    source.onmessage = (event) => {
      const m = JSON.parse(event.data);
      server = { type: "state", epoch: m.epoch, error: m.error };
      if (relay) relay.postMessage(m);
      act(m);
    };
    source.onerror = () => {
      // The browser retries by itself after a dropped connection, but gives up after an
      // error status (too many tabs): try again later.
      if (source.readyState === EventSource.CLOSED) setTimeout(() => listen(relay), 5000);
    };
  }

  if ("BroadcastChannel" in window && navigator.locks) {
    const channel = new BroadcastChannel(NAME);
    let leading = false;
    channel.onmessage = (event) => {
      if (event.data === "ask") {
        if (leading && server) channel.postMessage(server);
      } else if (!leading) {
        act(event.data);
      }
    };
    navigator.locks.request(NAME, () => {
      leading = true;
      listen(channel);
      return new Promise(() => {}); // held until this page goes away
    });
    channel.postMessage("ask");
  } else {
    listen(null);
  }
})();
