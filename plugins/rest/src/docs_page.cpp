// The interactive docs page at <prefix>docs/: a small page of our own that
// reads <prefix>openapi.json and lists every operation with a form to try
// it. Its script and stylesheet are served by the app (no CDN, and no inline
// script, so a strict Content-Security-Policy still allows it).
#include "document.hpp"

namespace cpprustango::rest::detail {

namespace {

constexpr std::string_view kPage = R"(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API documentation</title>
<link rel="stylesheet" href="docs.css">
<script src="docs.js" defer></script>
</head>
<body>
<header>
  <h1 id="title">API documentation</h1>
  <p id="description"></p>
  <label>Authorization <input id="authorization" placeholder="Api-Key crk_... or Bearer eyJ..." autocomplete="off"></label>
  <a id="schema-link" href="../openapi.json">openapi.json</a>
</header>
<main id="operations"><p>Loading…</p></main>
</body>
</html>
)";

constexpr std::string_view kStyle = R"(
:root { color-scheme: light dark; --line: #8884; --get: #2b7; --post: #27c; --put: #c82; --patch: #a6c; --delete: #d33; }
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; }
header { border-bottom: 1px solid var(--line); margin-bottom: 1rem; padding-bottom: 1rem; }
header label { display: block; margin: .5rem 0; }
header input { width: 28rem; max-width: 100%; font: inherit; }
details { border: 1px solid var(--line); border-radius: 6px; margin: .5rem 0; padding: .4rem .7rem; }
summary { cursor: pointer; }
.method { display: inline-block; min-width: 4.5rem; font-weight: 600; text-transform: uppercase; }
.get { color: var(--get); } .post { color: var(--post); } .put { color: var(--put); }
.patch { color: var(--patch); } .delete { color: var(--delete); }
code.path { font-size: 1rem; }
table { border-collapse: collapse; margin: .5rem 0; width: 100%; }
td, th { border-top: 1px solid var(--line); padding: .25rem .4rem; text-align: left; vertical-align: top; }
input, textarea { font: 13px ui-monospace, monospace; width: 100%; box-sizing: border-box; }
textarea { min-height: 6rem; }
pre { background: #8881; overflow: auto; padding: .5rem; white-space: pre-wrap; }
button { font: inherit; margin: .4rem 0; }
)";

constexpr std::string_view kScript = R"(
'use strict';
const methods = ['get', 'post', 'put', 'patch', 'delete'];
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'class') node.className = value; else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
};
const example = (schema, components) => {
  if (!schema) return null;
  if (schema.$ref) return example(components.schemas[schema.$ref.split('/').pop()], components);
  if (schema.readOnly) return undefined;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (schema.enum) return schema.enum[0];
  if (type === 'object') {
    const out = {};
    for (const [name, property] of Object.entries(schema.properties || {})) {
      const value = example(property, components);
      if (value !== undefined) out[name] = value;
    }
    return out;
  }
  if (type === 'array') return [];
  if (type === 'integer' || type === 'number') return 0;
  if (type === 'boolean') return false;
  if (schema.format === 'date') return '2026-01-01';
  if (schema.format === 'date-time') return '2026-01-01T00:00:00Z';
  if (schema.format === 'decimal') return '0.00';
  return '';
};
function operation(path, method, op, shared, components) {
  const parameters = [...(shared || []), ...(op.parameters || [])];
  const inputs = {};
  const rows = parameters.map((p) => {
    const input = el('input', { name: p.name, placeholder: p.in === 'path' ? 'required' : '' });
    inputs[p.name] = { input, where: p.in };
    return el('tr', {}, el('td', {}, el('code', {}, p.name)), el('td', {}, p.in), el('td', {}, p.description || ''), el('td', {}, input));
  });
  const body = op.requestBody ? el('textarea', { name: 'body' }) : null;
  if (body) body.value = JSON.stringify(example(op.requestBody.content['application/json'].schema, components), null, 2);
  const output = el('pre', { class: 'response' });
  const send = el('button', { type: 'button' }, 'Send');
  send.addEventListener('click', async () => {
    let url = path;
    const query = new URLSearchParams();
    for (const [name, { input, where }] of Object.entries(inputs)) {
      if (where === 'path') url = url.replace('{' + name + '}', encodeURIComponent(input.value));
      else if (input.value !== '') query.append(name, input.value);
    }
    if ([...query].length) url += '?' + query;
    const headers = {};
    const authorization = document.getElementById('authorization').value.trim();
    if (authorization) headers.Authorization = authorization;
    if (body) headers['Content-Type'] = 'application/json';
    output.textContent = method.toUpperCase() + ' ' + url + ' …';
    try {
      const response = await fetch(url, { method: method.toUpperCase(), headers, body: body ? body.value : undefined });
      const text = await response.text();
      let shown = text;
      try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch (e) { /* not JSON */ }
      output.textContent = response.status + ' ' + response.statusText + '\n\n' + shown;
    } catch (error) {
      output.textContent = 'The request failed: ' + error;
    }
  });
  return el('details', { class: 'operation', id: op.operationId || '' },
    el('summary', {}, el('span', { class: 'method ' + method }, method), ' ', el('code', { class: 'path' }, path), ' — ', op.summary || ''),
    rows.length ? el('table', {}, el('tr', {}, el('th', {}, 'name'), el('th', {}, 'in'), el('th', {}, 'meaning'), el('th', {}, 'value')), ...rows) : '',
    body || '', send, output);
}
async function main() {
  const target = document.getElementById('operations');
  try {
    const response = await fetch('../openapi.json');
    const spec = await response.json();
    document.getElementById('title').textContent = spec.info.title + ' ' + spec.info.version;
    document.getElementById('description').textContent = spec.info.description || '';
    target.textContent = '';
    for (const [path, item] of Object.entries(spec.paths)) {
      for (const method of methods) {
        if (item[method]) target.append(operation(path, method, item[method], item.parameters, spec.components || {}));
      }
    }
    document.body.dataset.loaded = String(target.querySelectorAll('details').length);
  } catch (error) {
    target.textContent = 'Cannot read openapi.json: ' + error;
  }
}
main();
)";

http::Response asset(std::string_view body, const char* type) {
  http::Response response(200, std::string(body), type);
  response.header("Cache-Control", "public, max-age=3600");
  response.header("X-Content-Type-Options", "nosniff");
  return response;
}

}  // namespace

void mount_docs(App& app, const std::string& prefix) {
  app.get(prefix + "docs/", [](const http::Request&) {
    http::Response page = asset(kPage, "text/html; charset=utf-8");
    page.header("Content-Security-Policy", "default-src 'self'; style-src 'self'; script-src 'self'");
    return page;
  }, "api:docs");
  app.get(prefix + "docs/docs.js", [](const http::Request&) { return asset(kScript, "text/javascript; charset=utf-8"); });
  app.get(prefix + "docs/docs.css", [](const http::Request&) { return asset(kStyle, "text/css; charset=utf-8"); });
}

}  // namespace cpprustango::rest::detail
