/* paperkg graph view. Every string from the graph is rendered with
   textContent / DOM APIs, never parsed as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var details = data.details;
  var colours = {};
  data.types.forEach(function (t) { colours[t.label] = t.color; });

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") { node.textContent = attrs[key]; }
      else if (key === "className") { node.className = attrs[key]; }
      else { node.setAttribute(key, attrs[key]); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  network.once("afterDrawing", function () {
    window.__kgReady = true;
    document.body.setAttribute("data-ready", "1");
  });
  network.fit({ animation: false });

  /* ---------------------------------------------------------------- legend and type filters */
  var hiddenTypes = {};
  function applyFilters() {
    var nodeUpdates = [];
    var hiddenIds = {};
    nodes.forEach(function (n) {
      var hide = !!hiddenTypes[n.kind];
      if (hide) { hiddenIds[n.id] = true; }
      if (!!n.hidden !== hide) { nodeUpdates.push({ id: n.id, hidden: hide }); }
    });
    var edgeUpdates = [];
    edges.forEach(function (e) {
      var hide = !!(hiddenIds[e.from] || hiddenIds[e.to]);
      if (!!e.hidden !== hide) { edgeUpdates.push({ id: e.id, hidden: hide }); }
    });
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
  }
  var typeBox = document.getElementById("kg-types");
  data.types.forEach(function (t) {
    var box = el("input", { type: "checkbox", id: "kg-type-" + t.label, "data-type": t.label });
    box.checked = true;
    box.addEventListener("change", function () {
      hiddenTypes[t.label] = !box.checked;
      applyFilters();
    });
    var glyph = el("span", { className: "kg-glyph", text: t.glyph });
    glyph.style.color = t.color;
    typeBox.appendChild(el("label", { "for": box.id }, [
      box, glyph, el("span", { text: t.label }), el("span", { className: "kg-count", text: String(t.count) })]));
  });
  var relBox = document.getElementById("kg-relations");
  data.relations.forEach(function (r) {
    var line = el("span", { className: "kg-line" });
    line.style.background = r.color;
    relBox.appendChild(el("div", { className: "kg-rel" }, [
      line, el("span", { text: r.relation.toLowerCase().replace(/_/g, " ") }),
      el("span", { className: "kg-count", text: String(r.count) })]));
  });

  /* ---------------------------------------------------------------- side panel */
  var panel = document.getElementById("kg-panel");
  var body = document.getElementById("kg-panel-body");

  function jumpButton(id, text) {
    var b = el("button", { type: "button", className: "kg-jump", text: text });
    b.addEventListener("click", function () { selectNode(id); });
    return b;
  }
  function segments(parts, className) {
    var block = el("div", { className: className });
    parts.forEach(function (p) {
      if (p.length === 1) { block.appendChild(document.createTextNode(p[0])); return; }
      var mark = el("mark", { text: p[0], title: p[1] + (p[2] ? ": " + p[2] : "") });
      if (p[1] === "hit") { mark.className = "kg-hit"; }
      else {
        mark.setAttribute("data-node", p[2]);
        if (colours[p[1]]) { mark.style.background = colours[p[1]] + "55"; }
        if (details[p[2]]) { mark.addEventListener("click", function () { selectNode(p[2]); }); }
      }
      block.appendChild(mark);
    });
    return block;
  }
  function section(title, child) {
    body.appendChild(el("h3", { text: title }));
    if (child) { body.appendChild(child); }
  }
  function showPanel(id) {
    var d = details[id];
    if (!d) { return; }
    body.textContent = "";
    var badge = el("span", { className: "kg-badge", text: d.type });
    badge.style.background = colours[d.type] || "#777";
    body.appendChild(el("h2", { text: d.name }));
    body.appendChild(el("div", {}, [badge, el("span", { className: "kg-id", text: d.id })]));
    body.appendChild(el("div", { text: "degree " + d.degree }));
    if (d.aliases) { section("Also written", el("ul", {}, d.aliases.map(function (a) { return el("li", { text: a }); }))); }
    if (d.links && d.links.length) {
      section("Links", el("ul", {}, d.links.map(function (l) {
        if (!/^https?:\/\//i.test(l[1])) { return null; }
        return el("li", {}, [el("span", { text: l[0] + ": " }),
          el("a", { href: l[1], target: "_blank", rel: "noopener noreferrer", text: l[1] })]);
      })));
    }
    if (d.facts) {
      section("Result", el("ul", {}, d.facts.map(function (f) { return el("li", { text: f[0] + ": " + f[1] }); })));
    }
    if (d.title_segments) {
      section("Title and abstract" + (d.evidence_count ? " (" + d.evidence_count + " evidence spans)" : ""));
      body.appendChild(segments(d.title_segments, "kg-text kg-paper-title"));
      body.appendChild(segments(d.abstract_segments, "kg-text kg-abstract"));
      var meta = [];
      if (d.year || d.date) { meta.push(d.date || d.year); }
      if (d.authors) { meta.push(d.authors.join(", ")); }
      if (d.source) { meta.push("from " + d.source); }
      if (meta.length) { body.appendChild(el("p", { className: "kg-more", text: meta.join(" · ") })); }
    }
    if (d.mentions) {
      var list = el("ul", { className: "kg-mentions" });
      d.mentions.forEach(function (m) {
        var item = el("li", {}, [details[m.paper] ? jumpButton(m.paper, m.title) : el("span", { text: m.title }),
          el("span", { className: "kg-more", text: " " + m.relation.toLowerCase().replace(/_/g, " ") })]);
        m.sentences.forEach(function (s) { item.appendChild(segments(s, "kg-sentence")); });
        list.appendChild(item);
      });
      section("Mentioned by " + d.mention_count + " paper" + (d.mention_count === 1 ? "" : "s"), list);
      if (d.mention_count > d.mentions.length) {
        body.appendChild(el("p", { className: "kg-more", text: (d.mention_count - d.mentions.length) + " more not listed" }));
      }
    }
    if (d.connections && d.connections.length) {
      section("Connections", el("ul", {}, d.connections.map(function (c) {
        return el("li", {}, [el("span", { className: "kg-more", text: c[0] + " " }),
          c[3] ? jumpButton(c[1], c[2]) : el("span", { text: c[2] + " (not in this view)" })]);
      })));
      if (d.connection_count > d.connections.length) {
        body.appendChild(el("p", { className: "kg-more", text: (d.connection_count - d.connections.length) + " more not listed" }));
      }
    }
    panel.hidden = false;
  }
  function hidePanel() { panel.hidden = true; }
  document.getElementById("kg-close").addEventListener("click", function () {
    hidePanel();
    network.unselectAll();
  });

  function selectNode(id) {
    if (!nodes.get(id)) { return; }
    var node = nodes.get(id);
    if (node.hidden) {
      hiddenTypes[node.kind] = false;
      var box = document.getElementById("kg-type-" + node.kind);
      if (box) { box.checked = true; }
      applyFilters();
    }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    showPanel(id);
  }
  network.on("click", function (params) {
    if (params.nodes.length) { showPanel(params.nodes[0]); } else { hidePanel(); }
  });
  document.getElementById("kg-fit").addEventListener("click", function () { network.fit({ animation: false }); });

  /* ---------------------------------------------------------------- search */
  var index = Object.keys(details).map(function (id) {
    var d = details[id];
    var names = [d.name].concat(d.aliases || []);
    return { id: id, name: d.name, type: d.type, keys: names.map(function (s) { return s.toLowerCase(); }).concat([id.toLowerCase()]) };
  });
  var input = document.getElementById("kg-search");
  var results = document.getElementById("kg-results");
  var matches = [];
  function rank(entry, q) {
    var best = 9;
    entry.keys.forEach(function (k) {
      if (k === q) { best = Math.min(best, 0); }
      else if (k.indexOf(q) === 0) { best = Math.min(best, 1); }
      else if (k.indexOf(q) > 0) { best = Math.min(best, 2); }
    });
    return best;
  }
  function search(q) {
    q = q.trim().toLowerCase();
    if (!q) { return []; }
    var found = [];
    index.forEach(function (entry) {
      var r = rank(entry, q);
      if (r < 9) { found.push([r, -details[entry.id].degree, entry]); }
    });
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || (a[2].name < b[2].name ? -1 : 1); });
    return found.slice(0, 15).map(function (f) { return f[2]; });
  }
  function choose(entry) {
    results.hidden = true;
    input.value = entry.name;
    selectNode(entry.id);
  }
  input.addEventListener("input", function () {
    matches = search(input.value);
    results.textContent = "";
    matches.forEach(function (entry, i) {
      var li = el("li", { role: "option", "data-id": entry.id, className: i === 0 ? "kg-active" : "" },
        [el("span", { text: entry.name }), el("span", { className: "kg-type", text: entry.type })]);
      li.addEventListener("click", function () { choose(entry); });
      results.appendChild(li);
    });
    results.hidden = matches.length === 0;
  });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && matches.length) { ev.preventDefault(); choose(matches[0]); }
    if (ev.key === "Escape") { results.hidden = true; }
  });

  if (data.focus && details[data.focus]) {
    network.selectNodes([data.focus]);
    showPanel(data.focus);
  }
  window.__kg = { network: network, nodes: nodes, edges: edges, select: selectNode };
})();
