#!/usr/bin/env node
// Renders the inputs/outputs tables of action.yml into README.md and docs/action.md, between
// <!-- action-inputs:start --> and <!-- action-inputs:end -->.
//   node scripts/render-action-docs.mjs          rewrite the blocks
//   node scripts/render-action-docs.mjs --check  fail when a block is stale (CI)
// action.yml is read with a small parser for the subset it uses (nested maps of one-line
// scalars); anything else is refused with its line number rather than misread.
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const START = '<!-- action-inputs:start -->';
const END = '<!-- action-inputs:end -->';
const TARGETS = ['README.md', 'docs/action.md'];
const check = process.argv.includes('--check');

const action = parseSimpleYaml(await readFile(join(repo, 'action.yml'), 'utf8'), 'action.yml');
const block = renderTables(action);
let stale = 0;
for (const target of TARGETS) {
  const path = join(repo, target);
  let text;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    if (target === 'README.md') fail(`${target}: cannot read it`);
    continue; // docs/action.md is optional
  }
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) fail(`${target}: needs the markers ${START} and ${END} (in that order) where the table goes`);
  const updated = `${text.slice(0, start + START.length)}\n${block}${text.slice(end)}`;
  if (updated === text) {
    if (check) console.error(`${target}: the Action inputs/outputs table is up to date`);
  } else if (check) {
    console.error(`${target}: the Action inputs/outputs table is stale (action.yml changed): run npm run docs:action and commit ${target}`);
    stale += 1;
  } else {
    await writeFile(path, updated, 'utf8');
    console.error(`${target}: wrote the Action inputs/outputs table`);
  }
}
if (stale > 0) process.exit(1);

function renderTables(action) {
  const inputs = mapAt(action, 'inputs');
  const outputs = mapAt(action, 'outputs');
  const lines = ['| Input | Required | Default | Description |', '| --- | --- | --- | --- |'];
  for (const [name, spec] of Object.entries(inputs)) {
    const required = spec.required === 'true' ? 'yes' : 'no';
    const byDefault = spec.default === undefined || spec.default === '' ? '' : `\`${spec.default}\``;
    lines.push(`| \`${name}\` | ${required} | ${byDefault} | ${cell(spec.description ?? '')} |`);
  }
  lines.push('', '| Output | Description |', '| --- | --- |');
  for (const [name, spec] of Object.entries(outputs)) lines.push(`| \`${name}\` | ${cell(spec.description ?? '')} |`);
  return `${lines.join('\n')}\n`;
}

function mapAt(object, key) {
  const value = object[key];
  if (typeof value !== 'object' || value === null) fail(`action.yml: "${key}" must be a map`);
  for (const [name, spec] of Object.entries(value)) {
    if (typeof spec !== 'object' || spec === null) fail(`action.yml: ${key}.${name} must be a map with a description`);
  }
  return value;
}

function cell(text) {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Nested maps of one-line scalars, indented with spaces; comments and blank lines skipped. */
function parseSimpleYaml(text, file) {
  const root = {};
  const stack = [{ indent: -1, map: root }];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const where = `${file}:${index + 1}`;
    if (/^\s*(#.*)?$/.test(raw)) return;
    if (raw.includes('\t')) fail(`${where}: tabs are not supported; indent with spaces`);
    const indent = raw.length - raw.trimStart().length;
    const match = /^([A-Za-z0-9_-]+):(?:\s+(.*))?$/.exec(raw.trim());
    if (!match) fail(`${where}: unsupported YAML (expected "key: value" or "key:"): ${raw.trim()}`);
    while (stack.length > 1 && indent <= stack[stack.length - 1].indent) stack.pop();
    const parent = stack[stack.length - 1];
    if (indent <= parent.indent) fail(`${where}: bad indentation`);
    const [, key, rest] = match;
    if (Object.hasOwn(parent.map, key)) fail(`${where}: duplicate key "${key}"`);
    if (rest === undefined || rest.trim() === '') {
      parent.map[key] = {};
      stack.push({ indent, map: parent.map[key] });
    } else {
      parent.map[key] = parseScalar(rest.trim(), where);
    }
  });
  return root;
}

function parseScalar(text, where) {
  if (text.startsWith("'")) {
    const match = /^'((?:[^']|'')*)'\s*(#.*)?$/.exec(text);
    if (!match) fail(`${where}: unterminated single-quoted string`);
    return match[1].replace(/''/g, "'");
  }
  if (text.startsWith('"')) {
    const match = /^("(?:[^"\\]|\\.)*")\s*(#.*)?$/.exec(text);
    if (!match) fail(`${where}: unterminated double-quoted string`);
    return JSON.parse(match[1]);
  }
  if (/^[|>[{&*!%@`]/.test(text)) fail(`${where}: block scalars, flow collections, anchors and tags are not supported; use a one-line quoted string`);
  return text.replace(/\s+#.*$/, '');
}

function fail(message) {
  console.error(`error: ${message}`);
  process.exit(1);
}
