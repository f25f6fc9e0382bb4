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

  /* ---------------------------------------------------------------- node labels
     vis-network scales every label with the zoom (a hub's name is 4 px in an overview, a paper's
     title 6 px in a neighbourhood) and draws them all, on top of each other. The page draws the
     labels itself instead: each at a size readable on screen (labelStyle.minPx..maxPx pixels, else
     growing with the zoom from labelStyle.base graph units), most important first (labelStyle.prio;
     the selected node before all), leaving out any label that would overlap one already drawn.
     Zooming in makes room, so more labels appear. */
  var THRESHOLD = 10;          /* a label smaller than this on screen is not drawn */
  var LINE = 1.25;             /* line height, in font sizes */
  var FONT = "system-ui, -apple-system, \"Segoe UI\", Roboto, sans-serif";
  var CELL = 64;               /* grid cell (px) for finding the nodes a label would cover */
  var hiddenKinds = {};        /* types hidden by the filters (kept in step by applyFilters) */
  var order = data.nodes.slice().sort(function (a, b) { return a.labelStyle.prio - b.labelStyle.prio; })
    .map(function (n) { return { id: n.id, kind: n.kind, size: n.size || 10, st: n.labelStyle,
                                 lines: n.labelStyle.text.split("\n") }; });
  var byId = {};
  order.forEach(function (n) { byId[n.id] = n; });
  var measure = document.createElement("canvas").getContext("2d");
  var widths = {};
  var drawn = [];
  function lineWidth(line, px) {
    if (!(line in widths)) { measure.font = "100px " + FONT; widths[line] = measure.measureText(line).width; }
    return widths[line] * px / 100;
  }
  function hits(a, b) { return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]; }
  function overlaps(a, list) {
    for (var i = 0; i < list.length; i++) { if (hits(a, list[i].box)) { return true; } }
    return false;
  }
  function layoutLabels() {
    var scale = network.getScale();
    var box = container.getBoundingClientRect(), W = box.width, H = box.height;
    var o = network.canvasToDOM({ x: 0, y: 0 });   /* DOM = o + scale * canvas */
    var positions = network.getPositions();
    var dom = {}, grid = {};
    order.forEach(function (n) {                   /* visible nodes on screen, and a grid of their boxes */
      var q = positions[n.id];
      if (!q || hiddenKinds[n.kind]) { return; }
      var x = o.x + scale * q.x, y = o.y + scale * q.y, r = n.size * scale + 1;
      if (x + r < 0 || x - r > W || y + r < 0 || y - r > H) { return; }
      dom[n.id] = [x, y];
      var b = [x - r, y - r, x + r, y + r, n.id];
      for (var i = Math.floor(b[0] / CELL); i <= Math.floor(b[2] / CELL); i++) {
        for (var j = Math.floor(b[1] / CELL); j <= Math.floor(b[3] / CELL); j++) {
          (grid[i + ":" + j] = grid[i + ":" + j] || []).push(b);
        }
      }
    });
    function covered(a, own) {
      var seen = {}, count = 0;
      for (var i = Math.floor(a[0] / CELL); i <= Math.floor(a[2] / CELL); i++) {
        for (var j = Math.floor(a[1] / CELL); j <= Math.floor(a[3] / CELL); j++) {
          var cell = grid[i + ":" + j] || [];
          for (var k = 0; k < cell.length; k++) {
            var id = cell[k][4];
            if (id !== own && !seen[id] && hits(a, cell[k])) { seen[id] = true; count++; }
          }
        }
      }
      return count;
    }
    var selected = network.getSelectedNodes();
    var out = [], done = {};
    selected.map(function (id) { return byId[id]; }).concat(order).forEach(function (n) {
      if (!n || done[n.id] || !dom[n.id]) { return; }
      done[n.id] = true;
      var st = n.st;
      var px = Math.min(Math.max(st.base * scale, st.minPx), st.maxPx);
      if (selected.indexOf(n.id) >= 0) { px = Math.max(px, 13); }
      if (px < THRESHOLD) { return; }
      var w = 0;
      n.lines.forEach(function (l) { w = Math.max(w, lineWidth(l, px)); });
      var x = dom[n.id][0], y = dom[n.id][1];
      var h = n.lines.length * px * LINE, r = n.size * scale + 2;
      /* below the node, else above, right or left of it, wherever it covers no other node; a label
         shown from the start (a hub in a dense overview) takes the place covering the fewest */
      var places = [[x, y + r], [x, y - r - h], [x + r + w / 2 + 2, y - h / 2], [x - r - w / 2 - 2, y - h / 2]];
      var chosen = null, fewest = st.minPx > 0 ? Infinity : 1;
      for (var i = 0; i < places.length && fewest > 0; i++) {
        var b = [places[i][0] - w / 2 - 2, places[i][1], places[i][0] + w / 2 + 2, places[i][1] + h];
        if (b[0] < 0 || b[2] > W || b[1] < 0 || b[3] > H || overlaps(b, out)) { continue; }
        var c = covered(b, n.id);
        if (c < fewest) { chosen = b; fewest = c; }
      }
      if (!chosen) { return; }
      out.push({ id: n.id, px: px, box: chosen, lines: n.lines, x: (chosen[0] + chosen[2]) / 2, top: chosen[1] });
    });
    return out;
  }
  network.on("afterDrawing", function (ctx) {
    var scale = network.getScale();
    drawn = layoutLabels();
    ctx.save();
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    drawn.forEach(function (d) {
      var at = network.DOMtoCanvas({ x: d.x, y: d.top });
      var size = d.px / scale;
      ctx.font = (d.id === data.focus ? "bold " : "") + size + "px " + FONT;
      ctx.lineWidth = 4 / scale;
      ctx.strokeStyle = "rgba(255,255,255,0.92)";
      ctx.fillStyle = "#1f1f1f";
      d.lines.forEach(function (line, i) {
        ctx.strokeText(line, at.x, at.y + i * size * LINE);
        ctx.fillText(line, at.x, at.y + i * size * LINE);
      });
    });
    ctx.restore();
  });

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
      hiddenKinds[n.kind] = hide;
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
    updateCounts();
  }
  /* the header counts what is shown: filtered types and their edges are left out */
  function updateCounts() {
    var shownNodes = nodes.get({ filter: function (n) { return !n.hidden; } }).length;
    var shownEdges = edges.get({ filter: function (e) { return !e.hidden; } }).length;
    document.getElementById("kg-shown-nodes").textContent = shownNodes.toLocaleString("en-US");
    document.getElementById("kg-shown-edges").textContent = shownEdges.toLocaleString("en-US");
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
    var line = el("span", { className: r.dashed ? "kg-line kg-dashed" : "kg-line" });
    line.style.background = r.color;
    line.style.borderColor = r.color;
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
  function closePanel() {
    hidePanel();
    network.unselectAll();
    network.redraw();
  }
  document.getElementById("kg-close").addEventListener("click", closePanel);
  /* Escape closes the search results first, then the panel */
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape" || ev.defaultPrevented) { return; }
    if (!results.hidden) { results.hidden = true; return; }
    if (!panel.hidden) { ev.preventDefault(); closePanel(); }
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
    if (ev.key === "Escape" && !results.hidden) { ev.preventDefault(); results.hidden = true; }
  });

  if (data.focus && details[data.focus]) {
    network.selectNodes([data.focus]);
    showPanel(data.focus);
  }
  window.__kg = { network: network, nodes: nodes, edges: edges, select: selectNode,
                  labels: function () { return drawn.map(function (d) { return { id: d.id, px: d.px, box: d.box, text: d.lines.join("\n") }; }); } };
})();
