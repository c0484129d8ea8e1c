// Bar charts drawn as SVG with the DOM (no library): vertical bars for a
// series over categories (requests per month), horizontal bars for labelled
// values (outcomes, on-time rate per agency). Each chart is an image with
// a text alternative listing its figures.
'use strict';

const GKCharts = (() => {
  const NS = 'http://www.w3.org/2000/svg';

  function s(tag, attrs, text) {
    const node = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function svgRoot(width, height, labelId, summary) {
    const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': labelId });
    svg.append(s('desc', {}, summary));
    return svg;
  }

  // A round top for the axis: 1, 2, 5 times a power of ten.
  function niceMax(value) {
    if (value <= 0) return 1;
    const power = Math.pow(10, Math.floor(Math.log10(value)));
    for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
    return 10 * power;
  }

  // bars: [{label, value}] as vertical bars.
  function columns(bars, opts) {
    const width = 460, height = 240, left = 36, right = 8, top = 16, bottom = 28;
    const max = niceMax(Math.max(0, ...bars.map((b) => b.value)));
    const plotW = width - left - right, plotH = height - top - bottom;
    const summary = bars.map((b) => `${b.label} ${b.value}`).join('，');
    const svg = svgRoot(width, height, opts.labelId, summary);
    for (let i = 0; i <= 4; i++) {
      const y = top + plotH - (plotH * i) / 4;
      svg.append(s('line', { class: 'grid', x1: left, x2: width - right, y1: y, y2: y }));
      svg.append(s('text', { x: left - 4, y: y + 4, 'text-anchor': 'end' }, String(Math.round((max * i) / 4))));
    }
    const slot = plotW / Math.max(1, bars.length);
    bars.forEach((b, i) => {
      const barH = (plotH * b.value) / max;
      const x = left + i * slot + slot * 0.15;
      const y = top + plotH - barH;
      const rect = s('rect', { class: 'bar', x, y, width: slot * 0.7, height: Math.max(0, barH) });
      rect.append(s('title', {}, `${b.label}：${b.value}`));
      svg.append(rect);
      if (b.value > 0) {
        svg.append(s('text', { class: 'value', x: x + slot * 0.35, y: y - 3, 'text-anchor': 'middle' }, String(b.value)));
      }
      svg.append(s('text', { x: x + slot * 0.35, y: height - 10, 'text-anchor': 'middle' }, b.label));
    });
    svg.append(s('line', { class: 'axis', x1: left, x2: width - right, y1: top + plotH, y2: top + plotH }));
    return svg;
  }

  // bars: [{label, value, text?, late?}] as horizontal bars; opts.max fixes
  // the scale (1 for rates).
  function rows(bars, opts) {
    const width = 460, rowH = 24, left = opts.labelWidth || 170, right = 100, top = 8;
    const height = top * 2 + Math.max(1, bars.length) * rowH;
    const max = opts.max || niceMax(Math.max(0, ...bars.map((b) => b.value)));
    const plotW = width - left - right;
    const summary = bars.map((b) => `${b.label} ${b.text || b.value}`).join('，');
    const svg = svgRoot(width, height, opts.labelId, summary);
    bars.forEach((b, i) => {
      const y = top + i * rowH;
      const w = (plotW * b.value) / max;
      // About 12 px a Chinese character: what fits left of the bars.
      svg.append(s('text', { x: left - 6, y: y + rowH * 0.65, 'text-anchor': 'end' },
        clip(b.label, Math.floor((left - 10) / 12))));
      const rect = s('rect', { class: 'bar' + (b.late ? ' late' : ''), x: left, y: y + 4, width: Math.max(0, w), height: rowH - 8 });
      rect.append(s('title', {}, `${b.label}：${b.text || b.value}`));
      svg.append(rect);
      svg.append(s('text', { class: 'value', x: left + w + 4, y: y + rowH * 0.65 }, b.text || String(b.value)));
    });
    svg.append(s('line', { class: 'axis', x1: left, x2: left, y1: top, y2: height - top }));
    if (!bars.length) {
      svg.append(s('text', { x: width / 2, y: height / 2 + 4, 'text-anchor': 'middle' }, '无数据'));
    }
    return svg;
  }

  // Long labels are cut with an ellipsis (the full label is in the title).
  function clip(text, chars) {
    return text.length > chars ? text.slice(0, chars - 1) + '…' : text;
  }

  return { columns, rows };
})();
