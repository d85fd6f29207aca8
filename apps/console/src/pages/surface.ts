import { ApiError, call } from "../api.ts";
import { operations } from "../capabilities.ts";
import { announce, h } from "../dom.ts";
import { FormProblems } from "../form.ts";
import type { Route } from "../router.ts";
import { nest } from "../field-values.ts";
import { type FieldValue, SpecForm } from "../spec-form.ts";
import { SURFACE_FIELDS, surfaceValues } from "../surface-fields.ts";
import { CHANNELS, CHANNEL_WORDS, type Channel, type Surface } from "../types.ts";

const SMTP_PATHS = ["smtp.host", "smtp.port", "smtp.security", "smtp.username", "smtp.passwordSecret"];

/** Builds the request body. An edit sends `null` for blank fields, so the merge patch removes them. */
function surfaceBody(form: SpecForm, channel: Channel, editing: boolean) {
  const { values, problems } = form.read();
  const flat: Record<string, FieldValue | null> = { ...values };
  const usesSmtp = channel === "email" && values.provider === "smtp";
  for (const path of Object.keys(flat)) {
    if (path.startsWith("smtp.")) {
      delete flat[path];
      if (usesSmtp) {
        flat[path] = values[path] ?? (editing ? null : undefined);
      }
    } else if (editing && flat[path] === undefined) {
      flat[path] = null;
    }
  }
  if (channel === "email" && !usesSmtp && editing) {
    flat.smtp = null;
  }
  return { body: editing ? nest(flat) : { channel, ...nest(flat) }, problems };
}

async function save(form: SpecForm, problems: FormProblems, channel: Channel, surface: Surface | null) {
  const { body, problems: local } = surfaceBody(form, channel, surface !== null);
  if (local.length > 0) {
    problems.show(local);
    return;
  }
  try {
    const saved = surface
      ? await call<Surface>("PATCH", `/v1/surfaces/${surface.id}`, body)
      : await call<Surface>("POST", "/v1/surfaces", body);
    problems.clear();
    announce(`Saved surface ${saved.name}.`);
    location.hash = "#/surfaces";
  } catch (error) {
    if (error instanceof ApiError && error.details.length > 0) {
      problems.show(error.details, "The surface was not saved");
    } else {
      problems.show([{ path: "(surface)", message: String(error instanceof Error ? error.message : error) }]);
    }
  }
}

async function remove(surface: Surface, problems: FormProblems) {
  if (!confirm(`Delete the surface ${surface.name}? This cannot be undone.`)) {
    return;
  }
  try {
    await call("DELETE", `/v1/surfaces/${surface.id}`);
    announce(`Deleted surface ${surface.name}.`);
    location.hash = "#/surfaces";
  } catch (error) {
    problems.show([{ path: "(surface)", message: error instanceof Error ? error.message : String(error) }], "The surface was not deleted");
  }
}

/** Creates (`#/surfaces/new/<channel>`) or edits (`#/surfaces/<id>`) one surface. */
export async function surfacePage(route: Route): Promise<HTMLElement> {
  const [, id, newChannel] = route.path;
  const surface = id === "new" ? null : await call<Surface>("GET", `/v1/surfaces/${id}`);
  const offered = await operations();
  const channel = surface?.channel ?? (CHANNELS.includes(newChannel as Channel) ? (newChannel as Channel) : "email");
  const form = new SpecForm(SURFACE_FIELDS[channel]);
  const problems = new FormProblems();
  problems.register(...form.fields.values());
  form.fill(surface ? (surfaceValues(surface) as Record<string, FieldValue>) : { platforms: ["web", "android", "ios"] });

  const smtpGroup = h("fieldset", { class: "group" }, h("legend", {}, "SMTP server"), channel === "email" ? form.elements(...SMTP_PATHS) : []);
  const syncSmtp = () => {
    smtpGroup.hidden = channel !== "email" || form.get("provider").control.value !== "smtp";
  };
  form.get("provider").control.addEventListener("change", syncSmtp);
  syncSmtp();

  const main = [...form.fields.keys()].filter((path) => !path.startsWith("smtp."));
  const element = h("form", { class: "card", novalidate: true }, problems.summary, form.elements(...main), smtpGroup);
  const actions = h("div", { class: "actions" });
  if (!surface || offered.has("PATCH", "/v1/surfaces/{id}")) {
    actions.append(h("button", { type: "submit", class: "primary" }, surface ? "Save changes" : "Create surface"));
  }
  if (surface && offered.has("DELETE", "/v1/surfaces/{id}")) {
    actions.append(h("button", { type: "button", class: "danger", onclick: () => void remove(surface, problems) }, "Delete surface"));
  }
  element.append(actions);
  element.addEventListener("submit", (event) => {
    event.preventDefault();
    void save(form, problems, channel, surface);
  });
  const title = surface ? `Surface ${surface.name}` : `New ${CHANNEL_WORDS[channel]} surface`;
  return h(
    "section",
    {},
    h("p", { class: "breadcrumb" }, h("a", { href: "#/surfaces" }, "Surfaces")),
    h("h1", { tabindex: -1 }, title),
    element,
  );
}
