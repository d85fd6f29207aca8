// The interactive API reference served at /docs. It is one self-contained page: the script
// below fetches /openapi.json from the same origin and renders it, so no CDN or network
// access beyond the Herald server is needed. Every value from the document is inserted as
// text, never as HTML.

const STYLE = `
body{margin:0;font:15px/1.5 system-ui,sans-serif;color:#1d2430;display:flex;min-height:100vh}
nav{width:270px;flex:none;background:#f4f6f9;border-right:1px solid #dde2ea;padding:16px;box-sizing:border-box;overflow:auto;max-height:100vh;position:sticky;top:0}
nav h2{font-size:12px;text-transform:uppercase;color:#5b6778;margin:18px 0 6px}
nav a{display:block;color:inherit;text-decoration:none;padding:2px 0;font-size:13px}
main{flex:1;padding:24px 40px;max-width:980px}
section.op{border:1px solid #dde2ea;border-radius:8px;padding:16px 20px;margin:0 0 24px}
.method{display:inline-block;min-width:56px;text-align:center;border-radius:4px;color:#fff;font:600 12px monospace;padding:3px 6px;margin-right:8px}
.get{background:#2f7d32}.post{background:#1f5fbf}.put,.patch{background:#a66300}.delete{background:#b3261e}
code,pre,textarea,input{font:13px ui-monospace,monospace}
pre{background:#f4f6f9;padding:10px;border-radius:6px;overflow:auto;max-height:420px}
textarea{width:100%;min-height:160px;box-sizing:border-box}
ul.schema{list-style:none;padding-left:16px;margin:4px 0;border-left:2px solid #e4e8ee}
.muted{color:#5b6778;font-size:13px}.req{color:#b3261e;font-size:12px}
button{background:#1f5fbf;color:#fff;border:0;border-radius:4px;padding:6px 14px;cursor:pointer}
label{display:block;margin:6px 0}
`;

const SCRIPT = `
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
};
const typeOf = (s) => s.const !== undefined ? JSON.stringify(s.const) : s.enum ? s.enum.map((x) => JSON.stringify(x)).join(" | ") : [].concat(s.type || (s.anyOf ? "one of" : "any")).join(" | ");
function constraints(s) {
  const parts = [];
  for (const key of ["format", "pattern", "minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems", "default"]) {
    if (s[key] !== undefined) parts.push(key + ": " + JSON.stringify(s[key]));
  }
  return parts.join(", ");
}
function schemaTree(s, depth = 0) {
  const list = el("ul", { class: "schema" });
  if (depth > 8 || !s) return list;
  const variants = s.anyOf || s.oneOf;
  if (variants) variants.forEach((v, i) => list.append(el("li", {}, el("em", {}, "variant " + (i + 1) + ": " + typeOf(v)), schemaTree(v, depth + 1))));
  if (s.type === "array" && s.items) list.append(el("li", {}, el("em", {}, "items: " + typeOf(s.items)), schemaTree(s.items, depth + 1)));
  const required = new Set(s.required || []);
  for (const [name, prop] of Object.entries(s.properties || {})) {
    const item = el("li", {}, el("code", {}, name), " ", el("span", { class: "muted" }, typeOf(prop)));
    if (required.has(name)) item.append(" ", el("span", { class: "req" }, "required"));
    const extra = constraints(prop);
    if (extra) item.append(" ", el("span", { class: "muted" }, "(" + extra + ")"));
    if (prop.description) item.append(el("div", { class: "muted" }, prop.description));
    item.append(schemaTree(prop, depth + 1));
    list.append(item);
  }
  return list;
}
function example(s, depth = 0) {
  if (!s || depth > 8) return null;
  if (s.examples) return s.examples[0];
  if (s.default !== undefined) return s.default;
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  if (s.anyOf || s.oneOf) return example((s.anyOf || s.oneOf)[0], depth + 1);
  const type = [].concat(s.type)[0];
  if (type === "object") {
    const out = {};
    for (const name of s.required || []) out[name] = example(s.properties[name], depth + 1);
    return out;
  }
  if (type === "array") return Array.from({ length: s.minItems || 0 }, () => example(s.items, depth + 1));
  if (type === "string") return s.format === "date-time" ? new Date().toISOString() : "string";
  if (type === "number" || type === "integer") return s.minimum ?? 0;
  if (type === "boolean") return false;
  return null;
}
function tryIt(method, path, op) {
  const form = el("form");
  const inputs = {};
  for (const p of op.parameters || []) {
    inputs[p.name] = el("input", { name: p.name, placeholder: p.in + " parameter" });
    form.append(el("label", {}, el("code", {}, p.name), " ", inputs[p.name]));
  }
  const schema = op.requestBody && op.requestBody.content["application/json"].schema;
  const body = el("textarea", { spellcheck: "false" });
  if (schema) { body.value = JSON.stringify(example(schema), null, 2); form.append(el("label", {}, "Body"), body); }
  const output = el("pre", { hidden: "" });
  form.append(el("button", { type: "submit" }, "Send request"), output);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    let url = path;
    const headers = {};
    for (const p of op.parameters || []) {
      const value = inputs[p.name].value;
      if (p.in === "path") url = url.replace("{" + p.name + "}", encodeURIComponent(value));
      else if (value) headers[p.name] = value;
    }
    const token = document.getElementById("token").value;
    if (token && (op.security || []).length > 0) headers.authorization = "Bearer " + token;
    if (schema) headers["content-type"] = "application/json";
    output.hidden = false;
    output.textContent = "sending…";
    try {
      const response = await fetch(url, { method: method.toUpperCase(), headers, body: schema ? body.value : undefined });
      const text = await response.text();
      let shown = text;
      try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch {}
      output.textContent = response.status + " " + response.statusText + "\\nherald-request-id: " + response.headers.get("herald-request-id") + "\\n\\n" + shown;
    } catch (error) { output.textContent = "request failed: " + error.message; }
  });
  return el("details", {}, el("summary", {}, "Try it"), form);
}
function operation(method, path, op) {
  const id = op.operationId;
  const section = el("section", { class: "op", id }, el("h3", {}, el("span", { class: "method " + method }, method.toUpperCase()), el("code", {}, path)), el("p", {}, op.summary));
  if (op.description) section.append(el("p", { class: "muted" }, op.description));
  const schema = op.requestBody && op.requestBody.content["application/json"].schema;
  if (schema) section.append(el("h4", {}, "Request body"), schemaTree(schema));
  section.append(el("h4", {}, "Responses"));
  for (const [status, response] of Object.entries(op.responses)) {
    const media = Object.entries(response.content || {})[0];
    let schemaNode = media ? media[1].schema : undefined;
    if (schemaNode && schemaNode.$ref) schemaNode = window.spec.components.schemas[schemaNode.$ref.split("/").pop()];
    section.append(el("details", {}, el("summary", {}, el("code", {}, status), " " + response.description), schemaNode ? schemaTree(schemaNode) : ""));
  }
  section.append(tryIt(method, path, op));
  return section;
}
async function main() {
  const spec = window.spec = await (await fetch("openapi.json")).json();
  document.title = spec.info.title + " reference";
  const token = document.getElementById("token");
  token.value = sessionStorage.getItem("herald-token") || "";
  token.addEventListener("input", () => sessionStorage.setItem("herald-token", token.value));
  const nav = document.querySelector("nav");
  const main = document.querySelector("main");
  main.append(el("h1", {}, spec.info.title + " " + spec.info.version), el("p", { class: "muted" }, spec.info.description));
  const byTag = new Map();
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const tag = (op.tags || ["other"])[0];
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push([method, path, op]);
    }
  }
  for (const [tag, ops] of byTag) {
    nav.append(el("h2", {}, tag));
    main.append(el("h2", {}, tag));
    for (const [method, path, op] of ops) {
      nav.append(el("a", { href: "#" + op.operationId }, method.toUpperCase() + " " + path));
      main.append(operation(method, path, op));
    }
  }
}
main().catch((error) => document.querySelector("main").append(el("p", {}, "could not load openapi.json: " + error.message)));
`;

/** Returns the reference page; it loads the document from `openapi.json` beside it. */
export function docsPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Herald API reference</title><style>${STYLE}</style></head>
<body><nav><label>API key <input id="token" type="password" autocomplete="off" placeholder="Bearer token"></label></nav>
<main></main><script>${SCRIPT}</script></body></html>`;
}
