// The timeline webview: draws the layout the extension posts ({type: 'data', rows, ticks, …},
// see src/core/whoSaid/timeline.ts) as inline SVG, and posts back {type: 'open'} when a point is
// clicked or activated with the keyboard. No network, no libraries.
// @ts-check
(function () {
  'use strict';

  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  const SVG = 'http://www.w3.org/2000/svg';
  const ROW_HEIGHT = 26;
  const RADIUS = 5;
  const TOP = 8;
  const AXIS_HEIGHT = 30;
  const RIGHT = 28;

  const svg = /** @type {SVGSVGElement} */ (document.getElementById('timeline'));
  const empty = /** @type {HTMLElement} */ (document.getElementById('empty'));
  const summary = /** @type {HTMLElement} */ (document.getElementById('summary'));
  const notes = /** @type {HTMLElement} */ (document.getElementById('notes'));
  const tooltip = /** @type {HTMLElement} */ (document.getElementById('tooltip'));
  const chart = /** @type {HTMLElement} */ (document.getElementById('chart'));

  /** @type {any} */
  let data = null;
  /** The point elements of each row, in order, for keyboard moves. @type {SVGCircleElement[][]} */
  let pointRows = [];
  /** Key of the focused point, kept across redraws. @type {string | null} */
  let focusedKey = null;

  function el(name, attrs, parent) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (parent) parent.appendChild(node);
    return node;
  }

  function plural(n, one, many) {
    return `${n} ${n === 1 ? one : many || one + 's'}`;
  }

  /** Width of a text in the SVG's font, measured. */
  function measure(text, cls) {
    const t = el('text', { class: cls, x: -9999, y: -9999 }, svg);
    t.textContent = text;
    const w = t.getComputedTextLength();
    t.remove();
    return w;
  }

  /** `text`, cut with an ellipsis to fit `width` pixels. */
  function fit(text, cls, width) {
    if (measure(text, cls) <= width) return text;
    const chars = [...text];
    let lo = 0;
    let hi = chars.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (measure(chars.slice(0, mid).join('') + '…', cls) <= width) lo = mid;
      else hi = mid - 1;
    }
    return chars.slice(0, Math.max(1, lo)).join('').trimEnd() + '…';
  }

  function keyOf(point) {
    return `${point.document}#${point.quoteId}`;
  }

  function describe(row, point) {
    return `${row.name}, ${point.dateLabel}, ${point.direct ? 'direct' : 'indirect'} quote: ${point.text}. In ${point.documentLabel}. Press Enter to open.`;
  }

  function draw() {
    svg.setAttribute('data-ready', 'false');
    hideTooltip();
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    pointRows = [];
    if (!data) return;
    const rows = data.rows || [];
    const shownQuotes = rows.reduce((n, r) => n + r.points.length, 0);
    const isEmpty = rows.length === 0;
    document.body.dataset.state = isEmpty ? 'empty' : 'chart';
    empty.hidden = !isEmpty;
    svg.style.display = isEmpty ? 'none' : '';

    // Summary and notes.
    if (isEmpty) {
      summary.textContent = data.undated ? `${plural(data.undated, 'quote')} tagged, none in a dated document.` : 'Nothing to show yet.';
    } else {
      const dates = rows.flatMap((r) => r.points.map((p) => p.date)).sort();
      const first = rows.flatMap((r) => r.points).find((p) => p.date === dates[0]);
      const last = rows.flatMap((r) => r.points).find((p) => p.date === dates[dates.length - 1]);
      const span = first.date === last.date ? first.dateLabel : `${first.dateLabel} – ${last.dateLabel}`;
      summary.textContent = `${plural(shownQuotes, 'quote')} by ${plural(rows.length, 'speaker')} · ${span}`;
    }
    const lines = [];
    if (data.hiddenRows) lines.push(`${plural(data.hiddenRows, 'more speaker')} (${plural(data.hiddenQuotes, 'quote')}) not shown: only the ${rows.length} most quoted have a row.`);
    if (data.undated) lines.push(`${plural(data.undated, 'undated quote')} left out: ${data.undated === 1 ? 'its document has' : 'their documents have'} no date.`);
    notes.replaceChildren(...lines.map((line) => Object.assign(document.createElement('p'), { textContent: line })));

    if (isEmpty) {
      svg.setAttribute('width', '0');
      svg.setAttribute('height', '0');
      svg.setAttribute('data-ready', 'true');
      vscode.postMessage({ type: 'drawn', rows: 0, points: 0, empty: true });
      return;
    }

    const width = Math.max(360, chart.clientWidth);
    const countWidth = Math.max(...rows.map((r) => measure(String(r.points.length), 'count'))) + 6;
    const nameWidth = Math.min(Math.max(...rows.map((r) => measure(r.name, 'name'))), Math.max(90, width * 0.3));
    const labelWidth = nameWidth + countWidth + 16;
    const x0 = labelWidth + RADIUS + 6;
    const x1 = width - RIGHT;
    const plotHeight = rows.length * ROW_HEIGHT;
    const height = TOP + plotHeight + AXIS_HEIGHT;
    svg.setAttribute('width', String(width));
    svg.setAttribute('height', String(height));
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    const xOf = (x) => x0 + x * (x1 - x0);

    // Row bands, then the grid over them, then the points on top.
    const bands = el('g', { class: 'bands', 'aria-hidden': 'true' }, svg);
    rows.forEach((row, i) => {
      el('rect', { class: i % 2 ? 'band odd' : 'band', x: 0, y: TOP + i * ROW_HEIGHT, width, height: ROW_HEIGHT }, bands);
      el('line', { class: 'row-line', x1: x0 - RADIUS, x2: x1 + RADIUS, y1: TOP + i * ROW_HEIGHT + ROW_HEIGHT / 2, y2: TOP + i * ROW_HEIGHT + ROW_HEIGHT / 2 }, bands);
    });

    const axis = el('g', { class: 'axis', 'aria-hidden': 'true' }, svg);
    const axisY = TOP + plotHeight;
    el('line', { class: 'axis-line', x1: x0 - RADIUS, x2: x1 + RADIUS, y1: axisY, y2: axisY }, axis);
    const ticks = data.ticks || [];
    const labelRoom = Math.max(...ticks.map((t) => measure(t.label, 'tick-label')), 1) + 10;
    const spacing = ticks.length > 1 ? (xOf(ticks[1].x) - xOf(ticks[0].x)) : Infinity;
    const every = Math.max(1, Math.ceil(labelRoom / spacing));
    ticks.forEach((tick, i) => {
      const x = xOf(tick.x);
      el('line', { class: 'grid', x1: x, x2: x, y1: TOP, y2: axisY }, axis);
      el('line', { class: 'tick', x1: x, x2: x, y1: axisY, y2: axisY + 4 }, axis);
      if (i % every === 0) {
        const label = el('text', { class: 'tick-label', x, y: axisY + 18, 'text-anchor': 'middle' }, axis);
        label.textContent = tick.label;
      }
    });

    const body = el('g', { class: 'rows' }, svg);
    rows.forEach((row, i) => {
      const cy = TOP + i * ROW_HEIGHT + ROW_HEIGHT / 2;
      const g = el('g', { class: 'row', role: 'group', 'aria-label': `${row.name}: ${plural(row.points.length, 'quote')}`, 'data-actor': row.actorId }, body);
      const name = el('text', { class: row.actorId ? 'name' : 'name none', x: 4, y: cy, 'dominant-baseline': 'central' }, g);
      name.textContent = fit(row.name, 'name', nameWidth);
      if (name.textContent !== row.name) el('title', {}, name).textContent = row.name;
      const count = el('text', { class: 'count', x: labelWidth - 8, y: cy, 'dominant-baseline': 'central', 'text-anchor': 'end' }, g);
      count.textContent = String(row.points.length);
      const circles = [];
      for (const point of row.points) {
        const gap = Math.min(RADIUS * 2 + 2, 48 / Math.max(1, point.stackSize));
        const cx = xOf(point.x) + (point.stack - (point.stackSize - 1) / 2) * gap;
        const c = el('circle', {
          class: `point ${point.direct ? 'direct' : 'indirect'}`,
          cx: cx.toFixed(2),
          cy,
          r: RADIUS,
          tabindex: '0',
          role: 'button',
          'aria-label': describe(row, point),
          'data-quote': point.quoteId,
          'data-document': point.document,
          'data-date': point.date,
        }, g);
        c.addEventListener('mouseenter', () => showTooltip(c, row, point));
        c.addEventListener('mouseleave', () => {
          if (document.activeElement !== c) hideTooltip();
        });
        c.addEventListener('focus', () => {
          focusedKey = keyOf(point);
          showTooltip(c, row, point);
        });
        c.addEventListener('blur', () => hideTooltip());
        c.addEventListener('click', () => open(point));
        c.addEventListener('keydown', (event) => onKey(event, point, circles.indexOf(c), i));
        circles.push(c);
      }
      pointRows.push(circles);
    });

    svg.setAttribute('data-ready', 'true');
    svg.setAttribute('data-rows', String(rows.length));
    svg.setAttribute('data-points', String(shownQuotes));
    if (focusedKey && document.hasFocus()) {
      const again = [...svg.querySelectorAll('circle.point')].find((c) => `${c.getAttribute('data-document')}#${c.getAttribute('data-quote')}` === focusedKey);
      if (again) /** @type {SVGCircleElement} */ (again).focus();
    }
    vscode.postMessage({ type: 'drawn', rows: rows.length, points: shownQuotes, empty: false });
  }

  function open(point) {
    hideTooltip();
    vscode.postMessage({ type: 'open', quoteId: point.quoteId, document: point.document });
  }

  function onKey(event, point, index, rowIndex) {
    const move = (r, c) => {
      const row = pointRows[r];
      if (row && row[c]) {
        row[c].focus();
        event.preventDefault();
      }
    };
    switch (event.key) {
      case 'Enter':
      case ' ':
        event.preventDefault();
        open(point);
        break;
      case 'ArrowRight':
        move(rowIndex, index + 1);
        break;
      case 'ArrowLeft':
        move(rowIndex, index - 1);
        break;
      case 'Home':
        move(rowIndex, 0);
        break;
      case 'End':
        move(rowIndex, pointRows[rowIndex].length - 1);
        break;
      case 'ArrowUp':
      case 'ArrowDown': {
        const target = rowIndex + (event.key === 'ArrowUp' ? -1 : 1);
        const row = pointRows[target];
        if (!row) break;
        const x = Number(pointRows[rowIndex][index].getAttribute('cx'));
        let best = 0;
        row.forEach((c, j) => {
          if (Math.abs(Number(c.getAttribute('cx')) - x) < Math.abs(Number(row[best].getAttribute('cx')) - x)) best = j;
        });
        move(target, best);
        break;
      }
      case 'Escape':
        hideTooltip();
        break;
    }
  }

  function showTooltip(circle, row, point) {
    tooltip.replaceChildren();
    const line = (cls, text) => {
      const p = document.createElement('div');
      p.className = cls;
      p.textContent = text;
      tooltip.appendChild(p);
      return p;
    };
    line('tt-date', point.dateLabel);
    line('tt-speaker', `${row.name} · ${point.direct ? 'direct' : 'indirect'}`);
    line('tt-text', point.direct ? `“${point.text}”` : point.text);
    line('tt-document', point.documentLabel);
    tooltip.hidden = false;
    const box = circle.getBoundingClientRect();
    const tip = tooltip.getBoundingClientRect();
    const margin = 8;
    let left = box.left + box.width / 2 - tip.width / 2;
    left = Math.max(margin, Math.min(left, window.innerWidth - tip.width - margin));
    let top = box.top - tip.height - 8;
    if (top < margin) top = box.bottom + 8;
    tooltip.style.left = `${left + window.scrollX}px`;
    tooltip.style.top = `${top + window.scrollY}px`;
  }

  function hideTooltip() {
    tooltip.hidden = true;
  }

  let frame = 0;
  window.addEventListener('resize', () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(draw);
  });

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (message && message.type === 'data') {
      data = message;
      draw();
    }
  });

  vscode.setState({ version: 1 });
  vscode.postMessage({ type: 'ready' });
})();
