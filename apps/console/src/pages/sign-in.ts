import { ApiError, call } from "../api.ts";
import { h } from "../dom.ts";
import { field } from "../form.ts";
import { signIn, signOut } from "../session.ts";

/** Asks for an API key and checks it with a read before keeping it for this tab. */
export async function signInPage(): Promise<HTMLElement> {
  signOut();
  const input = h("input", {
    type: "password",
    name: "apiKey",
    autocomplete: "off",
    required: true,
    spellcheck: "false",
  });
  const keyField = field("API key", input, {
    hint: "A sandbox API key. The console keeps it in this tab only, until you sign out or close the tab.",
  });
  const button = h("button", { type: "submit", class: "primary" }, "Sign in");
  const form = h("form", { class: "card narrow", novalidate: true }, keyField.element, button);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    keyField.setError(key === "" ? "Enter an API key." : null);
    if (key === "") {
      input.focus();
      return;
    }
    button.disabled = true;
    try {
      await call("GET", "/v1/surfaces", undefined, key);
      signIn(key);
      location.hash = "#/campaigns";
    } catch (error) {
      const rejected = error instanceof ApiError && (error.status === 401 || error.status === 403);
      keyField.setError(rejected ? `This API key was not accepted: ${error.message}` : String(error));
      input.focus();
    } finally {
      button.disabled = false;
    }
  });
  return h(
    "section",
    { class: "sign-in" },
    h("h1", { tabindex: -1 }, "Sign in to Herald"),
    h("p", {}, "Manage channel surfaces and API-triggered campaigns, and see what every send did."),
    form,
  );
}
