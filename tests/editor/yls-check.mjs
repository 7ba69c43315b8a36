// Opens each YAML file given on the command line in yaml-language-server
// (the server behind VS Code's YAML extension and other editors), as an
// editor does, and prints one JSON line per file: its path and the
// diagnostics the server publishes for it. The schema comes from the
// file's own `# yaml-language-server: $schema=...` line.
//
// Usage: node yls-check.mjs SERVER_JS FILE...
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";

const [server, ...files] = process.argv.slice(2);
// A server that never answers must not hang the test suite.
setTimeout(() => {
  console.error("yaml-language-server did not answer within 120 s");
  process.exit(3);
}, 120_000).unref();
const child = spawn(process.execPath, [server, "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
let buffer = Buffer.alloc(0);
let nextId = 1;
const pending = new Map();
const waiting = new Map();

function send(message) {
  const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...message }));
  child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
  child.stdin.write(body);
}

function request(method, params) {
  const id = nextId++;
  send({ id, method, params });
  return new Promise((resolve) => pending.set(id, resolve));
}

child.stdout.on("data", (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const end = buffer.indexOf("\r\n\r\n");
    if (end < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())[1]);
    if (buffer.length < end + 4 + length) return;
    const message = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString());
    buffer = buffer.subarray(end + 4 + length);
    if (message.id !== undefined && pending.has(message.id)) {
      pending.get(message.id)(message.result);
      pending.delete(message.id);
    } else if (message.id !== undefined && message.method) {
      // A request from the server (configuration, capabilities): answer it.
      const result = message.method === "workspace/configuration"
        ? message.params.items.map(() => ({ validate: true, completion: true, schemaStore: { enable: false } }))
        : null;
      send({ id: message.id, result });
    } else if (message.method === "textDocument/publishDiagnostics") {
      const resolve = waiting.get(message.params.uri);
      if (resolve) {
        waiting.delete(message.params.uri);
        resolve(message.params.diagnostics);
      }
    }
  }
});

await request("initialize", {
  processId: process.pid,
  rootUri: null,
  capabilities: { workspace: { configuration: true } },
});
send({ method: "initialized", params: {} });
send({
  method: "workspace/didChangeConfiguration",
  params: { settings: { yaml: { validate: true, schemaStore: { enable: false } } } },
});
for (const file of files) {
  const uri = pathToFileURL(path.resolve(file)).href;
  const diagnostics = new Promise((resolve) => waiting.set(uri, resolve));
  send({
    method: "textDocument/didOpen",
    params: { textDocument: { uri, languageId: "yaml", version: 1, text: readFileSync(file, "utf8") } },
  });
  const found = await diagnostics;
  console.log(JSON.stringify({ file, diagnostics: found.map((d) => ({ line: d.range.start.line + 1, message: d.message })) }));
}
child.kill();
