import { describe, expect, it } from "vitest";
import { link, linkWith, parseRoute } from "./router.ts";

describe("console routes", () => {
  it("reads path segments and parameters", () => {
    const route = parseRoute("#/campaigns/cmp_1?status=failed");
    expect(route?.path).toEqual(["campaigns", "cmp_1"]);
    expect(route?.params.get("status")).toBe("failed");
  });

  it("reads an empty hash as the start page", () => {
    expect(parseRoute("")?.path).toEqual([]);
    expect(parseRoute("#/")?.path).toEqual([]);
  });

  it("ignores in-page anchors", () => {
    expect(parseRoute("#main")).toBeNull();
  });

  it("round-trips encoded segments", () => {
    const hash = link("messages", "a/b c");
    expect(hash).toBe("#/messages/a%2Fb%20c");
    expect(parseRoute(hash)?.path).toEqual(["messages", "a/b c"]);
  });

  it("leaves out empty parameters", () => {
    expect(linkWith({ status: "sent", campaignId: "" }, "activity")).toBe("#/activity?status=sent");
    expect(linkWith({}, "activity")).toBe("#/activity");
  });
});
