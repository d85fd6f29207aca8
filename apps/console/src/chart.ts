import { h } from "./dom.ts";
import type { HourlyStats } from "./types.ts";

const SVG = "http://www.w3.org/2000/svg";

/** The statuses drawn, bottom to top, each with its own colour class in the stylesheet. */
export const CHART_STATUSES = ["sent", "delivered", "queued", "sending", "retrying", "unknown", "skipped", "failed"];

export interface BarSegment {
  status: string;
  count: number;
  y: number;
  height: number;
}

export interface Bar {
  start: string;
  total: number;
  x: number;
  width: number;
  segments: BarSegment[];
}

/** Lays out one stacked bar per hour in a `width` × `height` plot, scaled to the largest hour. */
export function stackBars(stats: HourlyStats, width: number, height: number): { bars: Bar[]; max: number } {
  const max = Math.max(1, ...stats.buckets.map((bucket) => bucket.total));
  const slot = width / Math.max(1, stats.buckets.length);
  const bars = stats.buckets.map((bucket, index) => {
    let top = height;
    const segments: BarSegment[] = [];
    for (const status of CHART_STATUSES) {
      const count = bucket.counts[status] ?? 0;
      if (count > 0) {
        const segmentHeight = (count / max) * height;
        top -= segmentHeight;
        segments.push({ status, count, y: top, height: segmentHeight });
      }
    }
    return { start: bucket.start, total: bucket.total, x: index * slot + slot * 0.15, width: slot * 0.7, segments };
  });
  return { bars, max };
}

function svg(tag: string, attributes: Record<string, string | number>, ...children: (Node | string)[]): SVGElement {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, String(value));
  }
  element.append(...children);
  return element;
}

function hourLabel(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

function barTitle(bar: Bar): string {
  const parts = bar.segments.map((segment) => `${segment.count} ${segment.status}`);
  return `${hourLabel(bar.start)}: ${bar.total} ${bar.total === 1 ? "message" : "messages"}${parts.length ? ` (${parts.join(", ")})` : ""}`;
}

/**
 * Draws messages per hour as stacked bars, with a legend and the same numbers as a table for
 * screen readers and exact values.
 */
export function hourlyChart(stats: HourlyStats): HTMLElement {
  const [width, height, left, bottom] = [720, 180, 36, 24];
  const { bars, max } = stackBars(stats, width - left, height);
  const plot = svg("g", { transform: `translate(${left} 4)` });
  for (const tick of new Set([0, Math.round(max / 2), max])) {
    const y = height - (tick / max) * height;
    plot.append(svg("line", { x1: 0, x2: width - left, y1: y, y2: y, class: "grid" }));
    plot.append(svg("text", { x: -6, y: y + 4, class: "axis", "text-anchor": "end" }, String(tick)));
  }
  bars.forEach((bar, index) => {
    const group = svg("g", {}, svg("title", {}, barTitle(bar)));
    for (const segment of bar.segments) {
      group.append(svg("rect", { x: bar.x, y: segment.y, width: bar.width, height: segment.height, class: `seg seg-${segment.status}` }));
    }
    plot.append(group);
    if (index % 3 === 0) {
      plot.append(svg("text", { x: bar.x + bar.width / 2, y: height + 16, class: "axis", "text-anchor": "middle" }, hourLabel(bar.start)));
    }
  });
  const total = stats.buckets.reduce((sum, bucket) => sum + bucket.total, 0);
  const chart = svg(
    "svg",
    { viewBox: `0 0 ${width} ${height + bottom + 4}`, role: "img", class: "chart", "aria-label": `Messages per hour over the last ${stats.buckets.length} hours: ${total} in total` },
    plot,
  );
  const present = CHART_STATUSES.filter((status) => stats.buckets.some((bucket) => (bucket.counts[status] ?? 0) > 0));
  const legend = h("ul", { class: "legend" }, present.map((status) => h("li", {}, h("span", { class: `swatch seg-${status}` }), status)));
  return h("div", { class: "chart-box" }, chart, legend, dataTable(stats, present));
}

function dataTable(stats: HourlyStats, statuses: string[]): HTMLElement {
  const rows = stats.buckets
    .filter((bucket) => bucket.total > 0)
    .map((bucket) =>
      h("tr", {}, h("th", { scope: "row" }, hourLabel(bucket.start)), h("td", {}, bucket.total), statuses.map((status) => h("td", {}, bucket.counts[status] ?? 0))),
    );
  const table = h(
    "table",
    {},
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Hour"), h("th", { scope: "col" }, "Total"), statuses.map((status) => h("th", { scope: "col" }, status)))),
    h("tbody", {}, rows.length > 0 ? rows : h("tr", {}, h("td", { colspan: statuses.length + 2 }, "No messages in this period."))),
  );
  return h("details", {}, h("summary", {}, "Show the numbers as a table"), h("div", { class: "table-scroll" }, table));
}
