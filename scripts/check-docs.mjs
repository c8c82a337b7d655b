#!/usr/bin/env node
// Checks the user docs (README.md, docs/*.md, src/sandbox/README.md) against the program, offline, in about a second:
// - every relative link names a file that exists, and every #anchor a heading of that file (GitHub's slugs);
// - every command written as one (a code line or code span that starts with `dashsync <command>`) uses only
//   options that command's --help lists (the built CLI: run `npm run build` first);
// - every yaml block parses, a step that uses the dashsync Action passes only inputs action.yml declares, a job that
//   applies with it uploads its backups (applyJobsWithoutBackups), and a pre-commit config names only hook ids
//   .pre-commit-hooks.yaml declares.
// Prints one `file:line: problem` per finding and exits 1 when there is any.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { applyJobsWithoutBackups } from './lib/apply-jobs-without-backups.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(repo, 'dist/cli/index.js');
const COMMANDS = ['plan', 'apply', 'check', 'pull', 'restore', 'show', 'sandbox'];
const DOCS = ['README.md', ...readdirSync(join(repo, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`), 'src/sandbox/README.md'];

const findings = [];
const report = (file, line, problem) => findings.push(`${file}:${line}: ${problem}`);

/** Each line of a markdown file with whether it is inside a fenced block, and that block's language. */
function readLines(file) {
  const out = [];
  let fence = null;
  for (const [i, text] of readFileSync(join(repo, file), 'utf8').split('\n').entries()) {
    const open = /^\s*(`{3,})(\S*)/.exec(text);
    if (fence === null && open) {
      fence = { marker: open[1], lang: open[2], start: i + 1, body: [] };
      out.push({ text, number: i + 1, fence: null, opens: true });
      continue;
    }
    if (fence !== null && open && open[1] === fence.marker && open[2] === '') {
      out.push({ text, number: i + 1, fence: null, closes: fence });
      fence = null;
      continue;
    }
    if (fence !== null) fence.body.push(text);
    out.push({ text, number: i + 1, fence });
  }
  return out;
}

// GitHub's heading anchors: lower case, punctuation dropped (letters, digits, spaces, - and _ kept), spaces as -.
function slug(heading) {
  const text = heading.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/`/g, '');
  return text.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/ /g, '-');
}

const anchorCache = new Map();
function anchorsOf(file) {
  if (!anchorCache.has(file)) {
    const anchors = new Set();
    const seen = new Map();
    for (const line of readLines(file)) {
      const heading = line.fence === null && /^#{1,6}\s+(.*)$/.exec(line.text);
      if (!heading) continue;
      const base = slug(heading[1]);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      anchors.add(n === 0 ? base : `${base}-${n}`);
    }
    for (const m of readFileSync(join(repo, file), 'utf8').matchAll(/<a (?:name|id)="([^"]+)"/g)) anchors.add(m[1]);
    anchorCache.set(file, anchors);
  }
  return anchorCache.get(file);
}

function checkLinks(file, lines) {
  for (const line of lines) {
    if (line.fence !== null) continue;
    const prose = line.text.replace(/`[^`]*`/g, '');
    for (const m of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1];
      if (/^[a-z]+:/i.test(target)) continue;
      const [path, anchor] = target.split('#');
      const to = path === '' ? file : normalize(join(dirname(file), path));
      if (!existsSync(join(repo, to))) report(file, line.number, `link to ${target}: no file ${to}`);
      else if (anchor !== undefined && to.endsWith('.md') && !anchorsOf(to).has(anchor)) report(file, line.number, `link to ${target}: ${to} has no heading with that anchor`);
    }
  }
}

const optionsOf = new Map(
  COMMANDS.map((command) => {
    const help = execFileSync(process.execPath, [cli, command, '--help'], { encoding: 'utf8', env: { ...process.env, LANG: 'C', NO_COLOR: '1' } });
    return [command, new Set(help.match(/^ +(?:-\w, )?--[a-z][\w-]*/gm).map((o) => o.replace(/^.*--/, '--')))];
  }),
);

/** The options a written command passes: up to the end of the command (a shell separator, a comment, `--`). */
function checkCommand(file, number, text) {
  const m = /^(?:\$ )?(?:[A-Z_]+=\S+ )*(?:npx )?dashsync (\w+)\b(.*)$/.exec(text.trim());
  if (!m || !optionsOf.has(m[1])) return;
  const args = m[2].split(/ (?:&&|\|\||;|#|\||--(?= |$))|[;`]/)[0];
  for (const [option] of args.matchAll(/(?<![\w-])--[a-z][\w-]*/g)) {
    const known = optionsOf.get(m[1]);
    if (!known.has(option) && !(option.startsWith('--no-') && known.has(`--${option.slice(5)}`))) {
      report(file, number, `dashsync ${m[1]} has no option ${option} (dashsync ${m[1]} --help)`);
    }
  }
}

function checkCommands(file, lines) {
  for (const line of lines) {
    if (line.fence !== null) {
      if (['', 'sh', 'bash', 'console', 'shell'].includes(line.fence.lang)) checkCommand(file, line.number, line.text);
      continue;
    }
    for (const m of line.text.matchAll(/`([^`]+)`/g)) checkCommand(file, line.number, m[1].replace(/\\\|/g, '|'));
  }
}

const action = YAML.parse(readFileSync(join(repo, 'action.yml'), 'utf8'));
const inputs = new Set(Object.keys(action.inputs));
const hookIds = new Set(YAML.parse(readFileSync(join(repo, '.pre-commit-hooks.yaml'), 'utf8')).map((hook) => hook.id));

function checkYaml(file, lines) {
  for (const line of lines) {
    const block = line.closes;
    if (!block || !/^ya?ml$/.test(block.lang)) continue;
    const indent = /^\s*/.exec(lines[block.start - 1].text)[0];
    let doc;
    try {
      doc = YAML.parse(block.body.map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l)).join('\n'), { uniqueKeys: true });
    } catch (error) {
      report(file, block.start, `yaml block does not parse: ${error.message.split('\n')[0]}`);
      continue;
    }
    const visit = (node, underHooks) => {
      if (Array.isArray(node)) return node.forEach((item) => visit(item, underHooks));
      if (node === null || typeof node !== 'object') return;
      if (typeof node.uses === 'string' && /\/dashsync@/.test(node.uses) && node.with) {
        for (const key of Object.keys(node.with)) if (!inputs.has(key)) report(file, block.start, `the Action has no input ${key} (action.yml)`);
      }
      if (underHooks && typeof node.id === 'string' && /^dashsync/.test(node.id) && !hookIds.has(node.id)) {
        report(file, block.start, `no pre-commit hook ${node.id} (.pre-commit-hooks.yaml)`);
      }
      for (const [key, value] of Object.entries(node)) visit(value, underHooks || key === 'hooks');
    };
    visit(doc, false);
    for (const job of applyJobsWithoutBackups(doc)) {
      report(file, block.start, `job ${job} applies with the Action but uploads no backups: add an "if: always()" actions/upload-artifact step with path .dashsync/backups/ after it (a prune's only copy goes with the runner)`);
    }
  }
}

for (const file of DOCS) {
  const lines = readLines(file);
  checkLinks(file, lines);
  checkCommands(file, lines);
  checkYaml(file, lines);
}
for (const finding of findings) console.log(finding);
if (findings.length > 0) {
  console.error(`check-docs: ${findings.length} problem(s) in the docs`);
  process.exit(1);
}
console.error(`check-docs: ${DOCS.length} files, links, commands and yaml blocks match the program`);
