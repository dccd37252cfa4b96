// Checks an AsyncAPI document with the reference parser (@asyncapi/parser), following its $refs to the
// JSON Schemas beside it. Prints every diagnostic, one a line, and exits 1 when any has error severity
// or the document could not be parsed at all.
//
//   node contracts/asyncapi-check/check.mjs contracts/asyncapi.yaml
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Parser, fromFile, DiagnosticSeverity } from '@asyncapi/parser';

const file = process.argv[2];
if (!file) {
  console.error('usage: node check.mjs <asyncapi.yaml>');
  process.exit(2);
}

const severities = { [DiagnosticSeverity.Error]: 'error', [DiagnosticSeverity.Warning]: 'warning', [DiagnosticSeverity.Information]: 'information', [DiagnosticSeverity.Hint]: 'hint' };
const parser = new Parser();
const absolute = path.resolve(file);
// Read once to fail clearly on a missing file; fromFile then parses with the file's location as the base of relative $refs.
await readFile(absolute, 'utf8');
const { document, diagnostics } = await fromFile(parser, absolute).parse({ source: pathToFileURL(absolute).href });

for (const d of diagnostics) {
  const where = d.path && d.path.length > 0 ? d.path.join('.') : '(document)';
  console.log(`${severities[d.severity] ?? d.severity} ${d.code} at ${where}: ${d.message}`);
}
const errors = diagnostics.filter(d => d.severity === DiagnosticSeverity.Error).length;
if (!document || errors > 0) {
  console.log(`${file}: not valid AsyncAPI (${errors} error(s))`);
  process.exit(1);
}
console.log(`${file}: valid AsyncAPI ${document.version()}, ${document.messages().length} messages, ${document.channels().length} channels, ${diagnostics.length} diagnostic(s) below error`);
