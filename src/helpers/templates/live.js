(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var W = 640, H = 300;

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function text(parent, x, y, words, attrs) {
    var node = el("text", Object.assign({ x: x, y: y }, attrs || {}), parent);
    node.textContent = words;
    return node;
  }

  function money(v) {
    var a = Math.abs(v);
    if (a >= 1000) { return "$" + (v / 1000).toFixed(a >= 10000 ? 0 : 1) + "T"; }
    if (a >= 10) { return "$" + Math.round(v) + "B"; }
    if (a >= 1) { return "$" + v.toFixed(1) + "B"; }
    return "$" + v.toPrecision(2) + "B";
  }

  function fmt(v, unit) {
    if (unit === "pct") { return (Math.round(v * 1000) / 10) + "%"; }
    if (unit === "usd") { return "$" + v.toFixed(2); }
    if (unit === "ratio") { return v.toPrecision(3) + "×"; }
    return money(v);
  }

  function ticks(lo, hi, log) {
    var out = [], k, m, step, e;
    if (log) {
      for (e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e += 1) {
        [1, 2, 5].forEach(function (f) { var t = f * Math.pow(10, e); if (t >= lo && t <= hi) { out.push(t); } });
      }
      return out.length > 8 ? out.filter(function (t) { return String(t.toPrecision(1))[0] === "1"; }) : out;
    }
    step = Math.pow(10, Math.floor(Math.log10((hi - lo) || 1)));
    [1, 2, 5, 10].some(function (f) { m = step * f; return (hi - lo) / m <= 6; });
    for (k = Math.ceil(lo / m) * m; k <= hi + m * 1e-9; k += m) { out.push(Math.round(k * 1e9) / 1e9); }
    return out;
  }

  function lines(svg, spec, cell) {
    var left = 64, right = 14, top = 14, bottom = 56;
    var xs = spec.x, all = [];
    cell.c.forEach(function (s) { s.forEach(function (v) { if (v !== null && (!spec.log || v > 0)) { all.push(v); } }); });
    if (!all.length) { return; }
    var lo = Math.min.apply(null, all), hi = Math.max.apply(null, all);
    if (spec.log) { lo = Math.pow(10, Math.floor(Math.log10(lo))); hi = Math.pow(10, Math.ceil(Math.log10(hi))); }
    else { lo = Math.min(0, lo); hi = hi > lo ? hi * 1.05 : lo + 1; }
    var f = spec.log ? Math.log10 : function (v) { return v; };
    var x0 = xs[0], x1 = xs[xs.length - 1] === x0 ? x0 + 1 : xs[xs.length - 1];
    function X(v) { return left + (v - x0) / (x1 - x0) * (W - left - right); }
    function Y(v) { return top + (f(hi) - f(v)) / (f(hi) - f(lo)) * (H - top - bottom); }
    ticks(lo, hi, spec.log).forEach(function (t) {
      el("line", { x1: left, x2: W - right, y1: Y(t), y2: Y(t), "class": "grid" }, svg);
      text(svg, left - 6, Y(t) + 4, fmt(t, spec.unit), { "text-anchor": "end", "class": "tick" });
    });
    var every = Math.max(1, Math.ceil(xs.length / 8));
    xs.forEach(function (v, i) {
      if (i % every === 0 || i === xs.length - 1) { text(svg, X(v), H - bottom + 18, String(v), { "text-anchor": "middle", "class": "tick" }); }
    });
    if (cell.m !== null && cell.m !== undefined && cell.m >= x0 && cell.m <= x1) {
      el("line", { x1: X(cell.m), x2: X(cell.m), y1: top, y2: H - bottom, "class": "mark" }, svg);
      text(svg, X(cell.m) - 4, top + 12, spec.mark + " " + cell.m, { "text-anchor": "end", "class": "mark-label" });
    }
    spec.series.forEach(function (s, i) {
      var d = "", pen = "M";
      cell.c[i].forEach(function (v, j) {
        if (v === null || (spec.log && v <= 0)) { pen = "M"; return; }
        d += pen + X(xs[j]).toFixed(1) + " " + Y(v).toFixed(1) + " ";
        pen = "L";
      });
      el("path", { d: d, stroke: s.color, fill: "none", "stroke-width": 2.5 }, svg);
      var key = left + i * 190;
      el("line", { x1: key, x2: key + 22, y1: H - 14, y2: H - 14, stroke: s.color, "stroke-width": 3 }, svg);
      text(svg, key + 28, H - 10, s.label, { "class": "key" });
    });
  }

  function bars(svg, spec, cell) {
    var left = 200, right = 70, top = 10, row = (H - top - 10) / spec.labels.length;
    var values = cell.c.map(function (v) { return v === null ? 0 : v; });
    var hi = Math.max.apply(null, values.concat([0])) || 1;
    spec.labels.forEach(function (label, i) {
      var y = top + i * row, w = values[i] / hi * (W - left - right);
      text(svg, left - 8, y + row / 2 + 4, label, { "text-anchor": "end", "class": "key" });
      el("rect", { x: left, y: y + row * 0.18, width: Math.max(w, 0), height: row * 0.64, fill: spec.color }, svg);
      text(svg, left + Math.max(w, 0) + 6, y + row / 2 + 4, cell.c[i] === null ? "–" : fmt(cell.c[i], spec.unit), { "class": "tick" });
    });
  }

  function draw(svg, spec, cell) {
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    if (!cell) { return; }
    (spec.type === "bars" ? bars : lines)(svg, spec, cell);
  }

  function sentence(p, parts, name) {
    while (p.firstChild) { p.removeChild(p.firstChild); }
    p.appendChild(document.createTextNode(parts[0]));
    if (parts[1] !== null) {
      var num = document.createElement("span"), value = document.createElement("span");
      num.className = "num live-num";
      value.setAttribute("data-finding", name);
      value.textContent = parts[1];
      num.appendChild(value);
      p.appendChild(num);
    }
    p.appendChild(document.createTextNode(parts[2]));
  }

  function setup(box) {
    var data = JSON.parse(box.querySelector("script.live-data").textContent);
    var root = box.closest("section.report-section") || document;
    var controls = Array.prototype.slice.call(box.querySelectorAll("[data-param]"));
    var sizes = data.knobs.map(function (k) { return k.values.length; });
    var own = data.knobs.map(function (k) { return k.at; });
    var svg = box.querySelector(".live-chart svg");
    var findings = {};
    data.findings.forEach(function (name) {
      findings[name] = Array.prototype.slice.call(root.querySelectorAll('[data-live-finding="' + name + '"]'))
        .map(function (div) { var p = div.querySelector("p"); return { div: div, p: p, html: p.innerHTML }; });
    });
    function flat(index) { return index.reduce(function (acc, i, k) { return acc * sizes[k] + i; }, 0); }
    function S(i) { return i === null ? null : data.strings[i]; }

    function update() {
      var index = controls.map(function (c) { return Math.max(0, Math.min(parseInt(c.value, 10) || 0, sizes[controls.indexOf(c)] - 1)); });
      controls.forEach(function (c, k) {
        var words = data.knobs[k].shown[index[k]];
        var out = c.parentNode.querySelector("output");
        if (out) { out.textContent = words; }
        if (c.type === "range") { c.setAttribute("aria-valuetext", words); }
      });
      var atOwn = index.every(function (i, k) { return i === own[k]; });
      var cell = data.cells[flat(index)];
      box.querySelector(".live-missing").hidden = !!cell;
      if (!cell) { cell = data.cells[flat(own)]; atOwn = true; }
      box.querySelector(".live-note").hidden = atOwn;
      data.findings.forEach(function (name, i) {
        var f = cell.f[i];
        box.querySelectorAll('[data-live-label="' + name + '"]').forEach(function (dt) {
          dt.textContent = f ? S(f[0]) : "";
          dt.parentNode.hidden = !f;
        });
        box.querySelectorAll('[data-finding="' + name + '"]').forEach(function (v) { v.textContent = f ? S(f[1]) : ""; });
        findings[name].forEach(function (item) {
          item.div.hidden = !f && !atOwn;
          if (atOwn) { item.p.innerHTML = item.html; } else if (f) { sentence(item.p, [S(f[2]), S(f[3]), S(f[4])], name); }
        });
      });
      draw(svg, data.chart, cell);
    }

    controls.forEach(function (c) { c.addEventListener("input", update); c.addEventListener("change", update); });
    box.querySelector(".live-reset").addEventListener("click", function () {
      controls.forEach(function (c, k) { c.value = String(own[k]); });
      update();
    });
    box.hidden = false;
    update();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-live]"), function (box) {
      try { setup(box); } catch (e) { box.hidden = true; console.error(e); }
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
