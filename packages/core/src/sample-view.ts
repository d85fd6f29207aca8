import { contentParts } from "./content-parts.ts";
import type { CampaignContent } from "./schemas/campaign.ts";
import type { Channel } from "./sending.ts";
import { type TemplateToken, TemplateSyntaxError, parseTemplate } from "./variables.ts";

type SampleNode = Record<string, unknown>;

const ROOT_NAME = /^(profile|context)\.[^.]/;

/** Returns a placeholder such as `<person.name.firstName>` for a value the caller fills in. */
function placeholder(path: string): string {
  return `<${path}>`;
}

function setPath(target: SampleNode, keys: string[], value: unknown, overwrite: boolean) {
  let node = target;
  for (const [index, key] of keys.entries()) {
    if (index === keys.length - 1) {
      if (overwrite || !Object.hasOwn(node, key)) {
        node[key] = value;
      }
      return;
    }
    const next = node[key];
    if (typeof next !== "object" || next === null || Array.isArray(next)) {
      node[key] = {};
    }
    node = node[key] as SampleNode;
  }
}

/**
 * Collects the names a section's items use into a sample item. Returns undefined when the
 * section uses no item fields, so the section is a flag rather than a list.
 */
function sampleItem(children: readonly TemplateToken[], path: string, roots: SampleNode): unknown {
  const item: SampleNode = {};
  let scalar = false;
  walk(children, roots, (name) => {
    if (name === ".") {
      scalar = true;
      return undefined;
    }
    return { node: item, keys: name.split("."), label: `${path}[].${name}` };
  });
  if (scalar) {
    return placeholder(`${path}[]`);
  }
  return Object.keys(item).length > 0 ? item : undefined;
}

type Scope = (name: string) => { node: SampleNode; keys: string[]; label: string } | undefined;

/** Adds a sample value for every name in `tokens`; `scope` places names that are not root paths. */
function walk(tokens: readonly TemplateToken[], roots: SampleNode, scope: Scope) {
  for (const token of tokens) {
    const [type, name] = token;
    if (type !== "name" && type !== "&" && type !== "#" && type !== "^") {
      continue;
    }
    const place = ROOT_NAME.test(name)
      ? { node: roots, keys: name.split("."), label: name.slice(name.indexOf(".") + 1) }
      : scope(name);
    if (token[0] === "#") {
      const item = sampleItem(token[4], place?.label ?? name, roots);
      if (place) {
        setPath(place.node, place.keys, item === undefined ? true : [item], true);
      }
    } else if (token[0] === "^") {
      if (place) {
        setPath(place.node, place.keys, false, false);
      }
      walk(token[4], roots, scope);
    } else if (place) {
      setPath(place.node, place.keys, placeholder(place.label), false);
    }
  }
}

/**
 * Builds the `profile` and `context` a sample trigger sends: a placeholder string for every
 * variable, a one-item list for each section whose items have fields, and a flag for other
 * sections. Parts that do not parse are skipped, because review reports them.
 */
export function sampleView(channel: Channel, content: CampaignContent): { profile: SampleNode; context: SampleNode } {
  const roots: SampleNode = { profile: {}, context: {} };
  for (const part of contentParts(channel, content)) {
    let tokens: TemplateToken[];
    try {
      tokens = parseTemplate(part.template);
    } catch (error) {
      if (error instanceof TemplateSyntaxError) {
        continue;
      }
      throw error;
    }
    walk(tokens, roots, () => undefined);
  }
  return { profile: roots.profile as SampleNode, context: roots.context as SampleNode };
}
