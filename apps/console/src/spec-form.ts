import type { ProblemDetail } from "./api.ts";
import { type Child, h } from "./dom.ts";
import { type Field, field } from "./form.ts";
import { readValue } from "./field-values.ts";
import { toLocalInput } from "./local-time.ts";

/** One form field, named by the API path it edits, such as `smtp.host` or `content.subject`. */
export interface FieldSpec {
  path: string;
  label: string;
  hint?: Child;
  kind?: "text" | "email" | "number" | "textarea" | "select" | "checkbox" | "datetime" | "json" | "choices";
  required?: boolean;
  /** The values of a `select` or of a `choices` group of checkboxes. */
  options?: readonly string[];
  rows?: number;
  /** Suggestions for a text field, offered through a `datalist`. */
  suggestions?: readonly string[];
}

/** A field's value as the API takes it; `undefined` means blank. */
export type FieldValue = string | number | boolean | string[] | Record<string, unknown> | undefined;

function control(spec: FieldSpec): HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement {
  const name = spec.path;
  switch (spec.kind) {
    case "textarea":
    case "json":
      return h("textarea", { name, rows: spec.rows ?? 4, spellcheck: spec.kind === "json" ? "false" : null });
    case "select":
      return h("select", { name }, (spec.options ?? []).map((option) => h("option", { value: option }, option)));
    case "checkbox":
      return h("input", { type: "checkbox", name });
    case "number":
      return h("input", { type: "number", name, inputmode: "numeric", step: 1 });
    case "datetime":
      return h("input", { type: "datetime-local", name, step: 1 });
    case "email":
      return h("input", { type: "email", name, autocomplete: "off" });
    default:
      return h("input", { type: "text", name, autocomplete: "off" });
  }
}

/** Builds a group of checkboxes as one field: a fieldset whose legend is the label. */
function choices(spec: FieldSpec): Field {
  const boxes = (spec.options ?? []).map((option) => h("input", { type: "checkbox", name: spec.path, value: option }));
  const error = h("p", { class: "field-error", hidden: true });
  const element = h(
    "fieldset",
    { class: "field choices", "data-path": spec.path },
    h("legend", {}, spec.label),
    boxes.map((box) => h("label", {}, box, ` ${box.value}`)),
    spec.hint ? h("p", { class: "hint" }, spec.hint) : null,
    error,
  );
  return {
    element,
    control: boxes[0] as HTMLInputElement,
    path: spec.path,
    setError(message) {
      error.textContent = message ?? "";
      error.hidden = message === null;
    },
  };
}

/** A form built from field specs, which fills itself from and reads itself into API values. */
export class SpecForm {
  readonly fields = new Map<string, Field>();

  constructor(readonly specs: readonly FieldSpec[]) {
    for (const spec of specs) {
      this.fields.set(spec.path, spec.kind === "choices" ? choices(spec) : this.single(spec));
    }
  }

  private single(spec: FieldSpec): Field {
    const input = control(spec);
    if (spec.required) {
      input.setAttribute("required", "");
    }
    const built = field(spec.required ? `${spec.label} (required)` : spec.label, input, { hint: spec.hint, path: spec.path });
    if (spec.suggestions && input instanceof HTMLInputElement) {
      const list = h("datalist", { id: `${input.id}-suggestions` }, spec.suggestions.map((value) => h("option", { value })));
      input.setAttribute("list", list.id);
      built.element.append(list);
    }
    return built;
  }

  get(path: string): Field {
    const found = this.fields.get(path);
    if (!found) {
      throw new Error(`no field ${path}`);
    }
    return found;
  }

  elements(...paths: string[]): HTMLElement[] {
    return paths.map((path) => this.get(path).element);
  }

  fill(values: Record<string, FieldValue | null>) {
    for (const spec of this.specs) {
      const value = values[spec.path];
      const target = this.get(spec.path);
      if (spec.kind === "choices") {
        const chosen = Array.isArray(value) ? value : [];
        for (const box of target.element.querySelectorAll<HTMLInputElement>("input[type=checkbox]")) {
          box.checked = chosen.includes(box.value);
        }
      } else if (spec.kind === "checkbox") {
        (target.control as HTMLInputElement).checked = value === true;
      } else if (spec.kind === "datetime") {
        target.control.value = typeof value === "string" ? toLocalInput(value) : "";
      } else if (spec.kind === "json") {
        target.control.value = value && typeof value === "object" ? JSON.stringify(value, null, 2) : "";
      } else if (value !== undefined && value !== null) {
        target.control.value = String(value);
      }
    }
  }

  /** Reads every field. Text that cannot become the field's type is listed in `problems`. */
  read(): { values: Record<string, FieldValue>; problems: ProblemDetail[] } {
    const values: Record<string, FieldValue> = {};
    const problems: ProblemDetail[] = [];
    for (const spec of this.specs) {
      const target = this.get(spec.path);
      try {
        values[spec.path] = readValue(spec, target);
      } catch (error) {
        problems.push({ path: spec.path, message: (error as Error).message });
      }
    }
    return { values, problems };
  }
}
