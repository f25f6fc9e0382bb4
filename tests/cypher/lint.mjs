// Lint Cypher with Neo4j's own language support (`lintCypherQuery`).
//
// stdin:  {"schema": {labels, relationshipTypes, propertyKeys},
//          "queries": [{"name": "...", "query": "...", "parameters": {"rows": []}}]}
// stdout: {"functionsChecked": bool,
//          "results": [{"name": "...", "diagnostics": [{"severity": "error"|"warning"|..., "message", "line", "column"}]}]}
//
// Used by tests/exports/test_cypher_lint.py; install with `npm ci --prefix tests/cypher`.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// The CommonJS build: this version's ES-module build has extension-less imports Node cannot resolve.
const { lintCypherQuery } = createRequire(import.meta.url)('@neo4j-cypher/language-support');

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

// The package ships a snapshot of a real Neo4j's function registry with its test data; with it
// the linter also reports unknown functions (e.g. the embedded engine's label()). Optional.
async function builtinFunctions() {
  try {
    const pkg = new URL('./node_modules/@neo4j-cypher/language-support/', import.meta.url);
    const mod = await import(new URL('dist/esm/project/language-support/src/tests/testData.js', pkg));
    return mod.testData.mockSchema.functions;
  } catch {
    return undefined;
  }
}

const input = JSON.parse(readFileSync(0, 'utf8'));
const functions = await builtinFunctions();
const results = input.queries.map(({ name, query, parameters }) => {
  const dbSchema = { ...input.schema, parameters: parameters ?? {}, ...(functions ? { functions } : {}) };
  const linted = lintCypherQuery(query, dbSchema); // an array up to 2.0.0-next.2x, then { diagnostics }
  const diagnostics = Array.isArray(linted) ? linted : linted.diagnostics;
  return {
    name,
    diagnostics: diagnostics.map((d) => ({
      severity: SEVERITY[d.severity] ?? String(d.severity),
      message: d.message,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
    })),
  };
});
process.stdout.write(JSON.stringify({ functionsChecked: functions !== undefined, results }) + '\n');
