// compile.js - compiles one MJML document to HTML for tattler.
//
// Reads MJML on standard input, writes the HTML on standard output and exits
// 0. On an MJML error it writes {"errors": [{"line": n, "message": "..."}]}
// on standard error and exits 1 (2 when the input could not be parsed at
// all). Jinja tags in the source are shielded from MJML (see shield below)
// and come out unchanged.
//
// Limits: one document per process; no minification or beautification. A
// Jinja tag used as an attribute value that MJML validates (a width, a
// color) fails validation, since MJML sees the token, not a value.
'use strict';

const mjml2html = require('mjml');

// Jinja tags become opaque tokens while MJML works, so that quoting,
// escaping and whitespace handling cannot touch them.
const kJinjaTag = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|\{#[\s\S]*?#\}/g;

// MJML elements whose content is kept as written; anywhere else MJML
// drops bare text, so a Jinja tag there is wrapped in <mj-raw>.
const kEndingTags = new Set([
  'mj-text', 'mj-button', 'mj-raw', 'mj-table', 'mj-navbar-link',
  'mj-accordion-title', 'mj-accordion-text', 'mj-social-element',
  'mj-style', 'mj-title', 'mj-preview', 'mj-head', 'mj-attributes',
  'mj-font', 'mj-breakpoint', 'mj-html-attributes',
]);
const kElement = /<(\/?)(mj-[a-z-]+|mjml)\b[^>]*?(\/?)>/g;

// text_context - whether offset lies where MJML keeps text: inside an
// ending tag, or outside any body element.
function textContext(source, offset) {
  const open = [];
  kElement.lastIndex = 0;
  let m;
  while ((m = kElement.exec(source)) !== null && m.index < offset) {
    if (m[3] === '/') continue;
    if (m[1] === '/') {
      const i = open.lastIndexOf(m[2]);
      if (i >= 0) open.length = i;
    } else {
      open.push(m[2]);
    }
  }
  if (open.length === 0) return true;
  if (open.some((name) => kEndingTags.has(name))) return true;
  return !open.includes('mj-body');
}

// shield - the source with every Jinja tag replaced by a unique token.
function shield(source, tags) {
  return source.replace(kJinjaTag, (tag, offset) => {
    tags.push(tag);
    const token = `JINJATAG${tags.length - 1}X`;
    return textContext(source, offset) ? token
                                       : `<mj-raw>${token}</mj-raw>`;
  });
}

// unshield - the tokens of shield() put back to the original tags.
function unshield(html, tags) {
  return html.replace(/JINJATAG(\d+)X/g, (token, index) => {
    const i = Number(index);
    return i < tags.length ? tags[i] : token;
  });
}

// fail - report errors as JSON on stderr and exit with code.
function fail(errors, code) {
  process.stderr.write(JSON.stringify({ errors }) + '\n');
  process.exit(code);
}

// main - read stdin, compile, answer.
function main() {
  const chunks = [];
  process.stdin.on('data', (c) => chunks.push(c));
  process.stdin.on('end', () => {
    const tags = [];
    const source = shield(Buffer.concat(chunks).toString('utf8'), tags);
    let result;
    try {
      result = mjml2html(source, { validationLevel: 'soft', minify: false,
                                   keepComments: true });
    } catch (e) {
      fail([{ line: null, message: String(e && e.message ? e.message : e) }],
           2);
      return;
    }
    if (result.errors && result.errors.length > 0) {
      fail(result.errors.map((e) => ({
        line: e.line === undefined ? null : e.line,
        message: unshield(e.message || e.formattedMessage || 'error', tags),
      })), 1);
      return;
    }
    process.stdout.write(unshield(result.html, tags));
  });
}

main();
