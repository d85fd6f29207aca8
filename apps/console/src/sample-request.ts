import { ApiError, call } from "./api.ts";
import { announce, h } from "./dom.ts";
import { field } from "./form.ts";
import { link } from "./router.ts";
import { parseJsonObject } from "./field-values.ts";

interface SampleRequest {
  curl: string;
  body: Record<string, unknown>;
}

async function copy(text: string, fallback: HTMLElement) {
  try {
    await navigator.clipboard.writeText(text);
    announce("Copied the cURL command.");
  } catch {
    // Without clipboard access, select the text so the reader can copy it with the keyboard.
    getSelection()?.selectAllChildren(fallback);
    announce("The command is selected: press Ctrl+C or Cmd+C to copy it.", "error");
  }
}

function tryItForm(body: Record<string, unknown>): HTMLElement {
  const input = h("textarea", { name: "triggerBody", rows: 12, spellcheck: "false" });
  const withNewRequestId = (current: Record<string, unknown>) =>
    JSON.stringify({ ...current, requestId: `console-${Date.now()}` }, null, 2);
  input.value = withNewRequestId(body);
  const bodyField = field("Request body", input, { hint: "Replace the <placeholders> with real values. Each call needs a new requestId." });
  const result = h("div", { class: "result", role: "status" });
  const form = h("form", { novalidate: true }, bodyField.element, h("button", { type: "submit" }, "Send this request"), result);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const request = parseJsonObject(input.value);
      const sent = await call<{ executionId: string }>("POST", "/ajo/im/executions/unitary", request);
      bodyField.setError(null);
      // The same requestId again would replay this call instead of sending, so the next one gets a new id.
      input.value = withNewRequestId(request);
      result.replaceChildren(
        "Accepted. ",
        h("a", { href: link("executions", sent.executionId) }, `See execution ${sent.executionId}`),
      );
    } catch (error) {
      const details = error instanceof ApiError ? error.details.map((detail) => `${detail.path}: ${detail.message}`) : [];
      bodyField.setError([(error as Error).message, ...details].join(" "));
      result.replaceChildren();
    }
  });
  return h("details", { class: "try-it" }, h("summary", {}, "Send a test request from here"), form);
}

/** Shows a campaign's ready trigger request as cURL, with a copy button and a form to send it. */
export async function sampleRequestSection(campaignId: string): Promise<HTMLElement> {
  const sample = await call<SampleRequest>("GET", `/v1/campaigns/${campaignId}/sample-request`);
  const code = h("code", {}, sample.curl);
  const pre = h("pre", { class: "curl", tabindex: 0, "aria-label": "Sample request as cURL" }, code);
  return h(
    "section",
    { class: "card", "aria-labelledby": "sample-title" },
    h("h2", { id: "sample-title" }, "Sample request"),
    h("p", { class: "hint" }, "Run it from any system with HERALD_API_KEY set to an API key with the trigger scope."),
    pre,
    h("div", { class: "actions" }, h("button", { type: "button", onclick: () => void copy(sample.curl, code) }, "Copy cURL")),
    tryItForm(sample.body),
  );
}
