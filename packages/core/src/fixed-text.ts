import { parseTemplate } from "./variables.ts";

/**
 * Returns the text every rendering of a template contains: its text outside tags and outside
 * sections, which may render nothing. A size computed from it is a lower bound for any send.
 *
 * @throws TemplateSyntaxError when the template is not valid mustache.
 */
export function fixedText(template: string): string {
  let text = "";
  for (const token of parseTemplate(template)) {
    if (token[0] === "text") {
      text += token[1];
    }
  }
  return text;
}

/** Returns whether a template has no variables or sections, so it renders the same for everyone. */
export function isPlainText(template: string): boolean {
  return parseTemplate(template).every((token) => !["name", "&", "#", "^"].includes(token[0]));
}
