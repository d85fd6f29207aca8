import { describe, expect, it } from "vitest";
import { stackBars } from "./chart.ts";

function stats(counts: Record<string, number>[]) {
  return {
    from: "2026-03-01T00:00:00.000Z",
    to: "2026-03-01T02:00:00.000Z",
    statuses: [],
    buckets: counts.map((hour, index) => ({
      start: `2026-03-01T0${index}:00:00.000Z`,
      total: Object.values(hour).reduce((sum, count) => sum + count, 0),
      counts: hour,
    })),
  };
}

describe("hourly chart", () => {
  it("scales bars to the busiest hour", () => {
    const { bars, max } = stackBars(stats([{ sent: 2 }, { sent: 3, failed: 1 }]), 200, 100);
    expect(max).toBe(4);
    expect(bars[0]?.segments).toEqual([{ status: "sent", count: 2, y: 50, height: 50 }]);
    expect(bars[1]?.segments.map((segment) => segment.height)).toEqual([75, 25]);
  });

  it("stacks failed above sent", () => {
    const { bars } = stackBars(stats([{ failed: 1, sent: 1 }]), 100, 100);
    expect(bars[0]?.segments.map((segment) => segment.status)).toEqual(["sent", "failed"]);
    expect(bars[0]?.segments[1]?.y).toBe(0);
  });

  it("draws empty hours without segments", () => {
    const { bars, max } = stackBars(stats([{}, {}]), 100, 100);
    expect(max).toBe(1);
    expect(bars.every((bar) => bar.segments.length === 0)).toBe(true);
    expect(bars[1]?.x).toBeCloseTo(57.5);
  });
});
