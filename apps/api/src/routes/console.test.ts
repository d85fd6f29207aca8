import { SELF, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";

// The Workers test pool does not put the asset router in front of SELF, so these tests read
// the assets through their binding. The browser tests cover serving them under wrangler dev.
describe("console assets", () => {
  it("serves the console page", async () => {
    const response = await env.ASSETS.fetch("http://herald.test/console/");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    const html = await response.text();
    expect(html).toContain('<script type="module" src="app.js"></script>');
  });

  it("serves the script from the same origin", async () => {
    const response = await env.ASSETS.fetch("http://herald.test/console/app.js");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("javascript");
    expect((await response.text()).length).toBeGreaterThan(1000);
  });

  it("redirects the root to the console", async () => {
    const response = await env.ASSETS.fetch("http://herald.test/", { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/console/");
  });

  it("leaves API paths to the Worker", async () => {
    const response = await SELF.fetch("http://herald.test/v1/nothing-here");
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { code: string } };
    expect(body.error.code).toBe("NOT_FOUND");
  });
});
