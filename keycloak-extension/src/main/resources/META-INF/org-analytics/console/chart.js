// The usage chart: actions as bars, logins and active users as lines, drawn as SVG at the
// container's real width so labels stay legible on a phone.
import { bucketLabel } from './dates.js';

const NS = 'http://www.w3.org/2000/svg';
const HEIGHT = 280;
const MARGIN = { left: 48, right: 12, top: 14, bottom: 34 };

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The smallest 1, 2 or 5 times a power of ten at or above {@code n}. */
export function niceMax(n) {
  if (n <= 4) return 4;
  const power = 10 ** Math.floor(Math.log10(n));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= n) return step * power;
  }
  return 10 * power;
}

/**
 * The top of the value axis. One flooding user can make a day ten times any other and flatten
 * the rest of the chart, so when the highest value is more than four times the 90th percentile
 * of the non-zero values (at least five of them), the scale stops at twice that percentile and
 * the values above it are drawn cut at the top and labelled. {@code full} asks for the whole scale.
 */
export function scaleFor(values, full = false) {
  const peak = Math.max(0, ...values);
  const nonZero = values.filter(v => v > 0).sort((a, b) => a - b);
  if (full || nonZero.length < 5) return { top: niceMax(peak), capped: false };
  const p90 = nonZero[Math.floor(0.9 * (nonZero.length - 1))];
  if (peak <= 4 * p90) return { top: niceMax(peak), capped: false };
  return { top: niceMax(2 * p90), capped: true };
}

/** Draws the chart; answers how many periods have a value above a capped scale. */
export function drawChart(container, buckets, interval, full = false) {
  const width = Math.max(300, Math.floor(container.clientWidth || 800));
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const { top, capped } = scaleFor(buckets.flatMap(b => [b.logins, b.activeUsers, b.actions]), full);
  const y = v => MARGIN.top + plotH - (Math.min(v, top) / top) * plotH;
  let clipped = 0;
  const step = buckets.length ? plotW / buckets.length : plotW;
  const cx = i => MARGIN.left + step * (i + 0.5);

  const root = svg('svg', {
    width, height: HEIGHT, viewBox: `0 0 ${width} ${HEIGHT}`, role: 'img', 'data-testid': 'chart-svg',
    'data-buckets': buckets.length, 'data-interval': interval,
    'aria-label': `Usage per ${interval}: ${buckets.length} periods`,
  });

  const grid = svg('g', { class: 'grid' });
  for (let i = 0; i <= 4; i++) {
    const v = (top / 4) * i;
    grid.append(svg('line', { x1: MARGIN.left, x2: width - MARGIN.right, y1: y(v), y2: y(v) }));
    grid.append(svg('text', { x: MARGIN.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, Number.isInteger(v) ? v : v.toFixed(1)));
  }
  root.append(grid);

  const maxLabels = Math.max(2, Math.floor(plotW / 64));
  const every = Math.max(1, Math.ceil(buckets.length / maxLabels));
  const barW = Math.max(2, Math.min(36, step * 0.6));
  const bars = svg('g', { class: 'bars' });
  const hits = svg('g', { class: 'hits' });
  const axis = svg('g', { class: 'axis' });
  buckets.forEach((b, i) => {
    const over = Math.max(b.logins, b.activeUsers, b.actions) > top;
    const group = svg('g', {
      'data-testid': 'chart-bucket', 'data-start': b.start, 'data-logins': b.logins,
      'data-active-users': b.activeUsers, 'data-actions': b.actions, 'data-clipped': String(over),
    });
    group.append(svg('rect', { class: 's-actions', x: cx(i) - barW / 2, y: y(b.actions), width: barW, height: Math.max(0, y(0) - y(b.actions)) }));
    if (over) {
      // Cut at the top: a break mark and the real value, so nobody reads the bar as the scale's top.
      clipped++;
      const peakValue = Math.max(b.logins, b.activeUsers, b.actions);
      group.append(svg('path', { class: 'clip-mark', d: `M${cx(i) - 7},${MARGIN.top + 6} l7,-6 l7,6` }));
      group.append(svg('text', { class: 'clip-label', x: cx(i), y: MARGIN.top + 18, 'text-anchor': 'middle' }, formatShort(peakValue)));
    }
    bars.append(group);
    const hit = svg('rect', { x: MARGIN.left + step * i, y: MARGIN.top, width: step, height: plotH, class: 'hit' });
    hit.append(svg('title', {}, `${b.start.slice(0, 10)}: ${b.logins} logins, ${b.activeUsers} active users, ${b.actions} actions`));
    hits.append(hit);
    if (i % every === 0) {
      axis.append(svg('text', { x: cx(i), y: HEIGHT - MARGIN.bottom + 18, 'text-anchor': 'middle' }, bucketLabel(b.start, interval)));
    }
  });
  axis.append(svg('line', { x1: MARGIN.left, x2: width - MARGIN.right, y1: y(0), y2: y(0) }));
  root.append(bars);

  for (const [key, cls] of [['activeUsers', 's-active'], ['logins', 's-logins']]) {
    const points = buckets.map((b, i) => `${cx(i).toFixed(1)},${y(b[key]).toFixed(1)}`).join(' ');
    root.append(svg('polyline', { class: `line ${cls}`, points }));
    const dots = svg('g', { class: `dots ${cls}` });
    buckets.forEach((b, i) => dots.append(svg('circle', { cx: cx(i), cy: y(b[key]), r: buckets.length > 60 ? 1.5 : 3 })));
    root.append(dots);
  }
  root.append(axis, hits);
  root.dataset.top = String(top);
  root.dataset.capped = String(capped);
  container.replaceChildren(root);
  return { top, capped, clipped };
}

function formatShort(n) {
  return n >= 10000 ? `${Math.round(n / 1000)}k` : String(n);
}
