import type { ProblemDetail } from "./api.ts";
import { type Child, h, replaceChildren } from "./dom.ts";

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/** A labelled form control with a hint and an error line, optionally tied to an API field path. */
export interface Field {
  element: HTMLElement;
  control: Control;
  path: string | undefined;
  setError(message: string | null): void;
}

let fieldCount = 0;

/**
 * Wraps a control with its label, hint and error line. The hint and the error are linked with
 * `aria-describedby`, and an error sets `aria-invalid`, so screen readers read both.
 */
export function field(label: string, control: Control, options: { hint?: Child; path?: string } = {}): Field {
  fieldCount += 1;
  const id = control.id || `field-${fieldCount}`;
  control.id = id;
  const hint = options.hint ? h("p", { class: "hint", id: `${id}-hint` }, options.hint) : null;
  const error = h("p", { class: "field-error", id: `${id}-error`, hidden: true });
  control.setAttribute("aria-describedby", [hint ? hint.id : "", error.id].join(" ").trim());
  const isCheckbox = control instanceof HTMLInputElement && control.type === "checkbox";
  const labelElement = h("label", { for: id }, label);
  const element = h(
    "div",
    { class: isCheckbox ? "field checkbox" : "field", "data-path": options.path },
    isCheckbox ? [control, labelElement] : [labelElement, control],
    hint,
    error,
  );
  return {
    element,
    control,
    path: options.path,
    setError(message) {
      error.textContent = message ?? "";
      error.hidden = message === null;
      if (message === null) {
        control.removeAttribute("aria-invalid");
      } else {
        control.setAttribute("aria-invalid", "true");
      }
    },
  };
}

function belongsTo(problemPath: string, fieldPath: string): boolean {
  return (
    problemPath === fieldPath || problemPath.startsWith(`${fieldPath}.`) || problemPath.startsWith(`${fieldPath}[`)
  );
}

/**
 * Shows API problems beside the fields they name, e.g. a review problem with path
 * `content.subject` under the subject field. Problems no field owns go in the summary, which
 * also lists every problem with a link to its field.
 */
export class FormProblems {
  readonly summary = h("div", { class: "problem-summary", role: "alert", hidden: true });
  private readonly fields: Field[] = [];

  register(...fields: Field[]) {
    this.fields.push(...fields);
  }

  clear() {
    for (const item of this.fields) {
      item.setError(null);
    }
    replaceChildren(this.summary);
    this.summary.hidden = true;
  }

  show(problems: ProblemDetail[], title = "Fix these problems") {
    this.clear();
    if (problems.length === 0) {
      return;
    }
    const byField = new Map<Field, string[]>();
    const entries = problems.map((problem) => {
      const owner = this.fields
        .filter((item) => item.path !== undefined && belongsTo(problem.path, item.path))
        .sort((a, b) => (b.path?.length ?? 0) - (a.path?.length ?? 0))[0];
      if (owner) {
        byField.set(owner, [...(byField.get(owner) ?? []), problem.message]);
      }
      return { problem, owner };
    });
    for (const [owner, messages] of byField) {
      owner.setError(messages.join(" "));
    }
    const items = entries.map(({ problem, owner }) =>
      h(
        "li",
        {},
        owner
          ? h("a", { href: `#${owner.control.id}`, onclick: (event: Event) => focusField(event, owner) }, problem.path)
          : h("strong", {}, problem.path),
        `: ${problem.message}`,
      ),
    );
    replaceChildren(this.summary, h("h2", {}, `${title} (${problems.length})`), h("ul", {}, items));
    this.summary.hidden = false;
  }
}

function focusField(event: Event, owner: Field) {
  event.preventDefault();
  owner.control.focus();
  owner.element.scrollIntoView({ block: "center" });
}

/** Reads an optional text control: blank is `undefined`. */
export function optionalText(control: Control): string | undefined {
  const value = control.value.trim();
  return value === "" ? undefined : value;
}
