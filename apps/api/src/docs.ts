/**
 * A readable, self-contained docs page rendered on the server from the OpenAPI document:
 * no scripts, no CDN assets, so it works offline and under a strict Content-Security-Policy.
 */

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const isObj = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

function schemaBlock(title: string, schema: unknown): string {
  const text = JSON.stringify(schema, null, 2);
  const lines = text.split('\n').length;
  return `<details${lines <= 30 ? ' open' : ''}><summary>${escapeHtml(title)} (${lines} lines of JSON Schema)</summary><pre>${escapeHtml(text)}</pre></details>`;
}

function exampleCurl(method: string, path: string): string {
  const url = `http://127.0.0.1:3000/api${path.replace(/\{(\w+)\}/g, (_m, name: string) => `<${name}>`)}`;
  if (method === 'get') return `curl -s ${url}`;
  return `curl -s -X ${method.toUpperCase()} ${url} -H 'content-type: application/json' -d @body.json`;
}

export function renderDocsHtml(document: unknown): string {
  const doc = isObj(document) ? document : {};
  const info = isObj(doc.info) ? doc.info : {};
  const paths = isObj(doc.paths) ? doc.paths : {};
  const sections: string[] = [];
  const toc: string[] = [];
  let n = 0;
  for (const [path, item] of Object.entries(paths)) {
    if (!isObj(item)) continue;
    for (const [method, op] of Object.entries(item)) {
      if (!isObj(op)) continue;
      const anchor = `op-${n++}`;
      const summary = typeof op.summary === 'string' ? op.summary : '';
      toc.push(
        `<li><a href="#${anchor}"><code>${method.toUpperCase()} /api${escapeHtml(path)}</code></a> ${escapeHtml(summary)}</li>`,
      );
      const parts: string[] = [];
      parts.push(
        `<h3 id="${anchor}"><span class="m ${method}">${method.toUpperCase()}</span> <code>/api${escapeHtml(path)}</code></h3>`,
      );
      if (summary) parts.push(`<p><strong>${escapeHtml(summary)}</strong></p>`);
      if (typeof op.description === 'string') parts.push(`<p>${escapeHtml(op.description)}</p>`);
      const params = Array.isArray(op.parameters) ? op.parameters.filter(isObj) : [];
      if (params.length > 0) {
        parts.push('<table><tr><th>parameter</th><th>in</th><th>required</th><th>schema</th></tr>');
        for (const p of params) {
          parts.push(
            `<tr><td><code>${escapeHtml(String(p.name))}</code></td><td>${escapeHtml(String(p.in))}</td><td>${p.required === true ? 'yes' : 'no'}</td><td><code>${escapeHtml(JSON.stringify(p.schema ?? {}))}</code></td></tr>`,
          );
        }
        parts.push('</table>');
      }
      const body =
        isObj(op.requestBody) && isObj(op.requestBody.content)
          ? op.requestBody.content['application/json']
          : undefined;
      if (isObj(body)) parts.push(schemaBlock('Request body', body.schema));
      const responses = isObj(op.responses) ? op.responses : {};
      for (const [status, resp] of Object.entries(responses)) {
        if (!isObj(resp)) continue;
        const content = isObj(resp.content) ? resp.content : {};
        const json = content['application/json'];
        const desc = typeof resp.description === 'string' ? resp.description : '';
        if (isObj(json) && status.startsWith('2'))
          parts.push(schemaBlock(`Response ${status}: ${desc}`, json.schema));
        else
          parts.push(
            `<p class="resp">Response <code>${escapeHtml(status)}</code>: ${escapeHtml(desc)}</p>`,
          );
      }
      parts.push(`<pre class="curl">${escapeHtml(exampleCurl(method, path))}</pre>`);
      sections.push(`<section>${parts.join('\n')}</section>`);
    }
  }
  const components =
    isObj(doc.components) && isObj(doc.components.schemas) ? doc.components.schemas : {};
  const schemaSections = Object.entries(components)
    .filter(([name]) => !name.startsWith('error.'))
    .map(
      ([name, schema]) =>
        `<section><h3 id="schema-${escapeHtml(name)}">${escapeHtml(name)}</h3>${schemaBlock(`#/components/schemas/${name}`, schema)}</section>`,
    );
  const title = typeof info.title === 'string' ? info.title : 'API';
  const description = typeof info.description === 'string' ? info.description : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:980px;margin:2rem auto;padding:0 1rem;color:#1b1f24}
code,pre{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace}
pre{background:#f4f6f8;padding:.75rem;overflow:auto;border-radius:6px;max-height:32rem}
pre.curl{background:#1b1f24;color:#e6edf3}
section{border-top:1px solid #d8dee4;padding-top:.5rem;margin-top:1.5rem}
.m{display:inline-block;min-width:3.5rem;text-align:center;border-radius:4px;color:#fff;font-size:12px;padding:1px 6px}
.get{background:#1f6feb}.post{background:#1a7f37}.put,.patch{background:#9a6700}.delete{background:#cf222e}
table{border-collapse:collapse}td,th{border:1px solid #d8dee4;padding:2px 8px;text-align:left}
summary{cursor:pointer}
</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(description)}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${escapeHtml(typeof doc.openapi === 'string' ? doc.openapi : '3')}).
TypeScript users: the same procedures over tRPC at <code>/api/trpc</code>, typed by <code>AppRouter</code> from <code>@crosswind/api</code>.</p>
<h2>Errors</h2>
<p>Every error is JSON <code>{ "code": "BAD_REQUEST", "message": "scenario.world.offers[1]: unknown field &quot;colour&quot;", "path": "scenario.world.offers[1]", "issues": [{ "path", "message" }] }</code>
with a 4xx status: 400 invalid input or over the work budget (<code>path</code> names the field, e.g. <code>runs</code>), 404 unknown id,
413 body too large, 414 URL too long, 415 not JSON, 429 rate limit or simulator busy (with <code>Retry-After</code> in seconds).</p>
<h2>Endpoints</h2>
<ul>${toc.join('\n')}</ul>
${sections.join('\n')}
<h2>Schemas</h2>
${schemaSections.join('\n')}
</body></html>`;
}
