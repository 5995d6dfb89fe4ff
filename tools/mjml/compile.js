// compile.js - compiles one MJML document to HTML for tattler.
//
// Reads MJML on standard input, writes the HTML on standard output and exits
// 0. On an MJML error it writes {"errors": [{"line": n, "message": "..."}]}
// on standard error and exits 1 (2 when the input could not be parsed at
// all). Jinja tags in the source are shielded from MJML (see shield below)
// and come out unchanged.
//
// Limits: one document per process; no minification or beautification.
'use strict';

const mjml2html = require('mjml');

// Jinja tags become opaque tokens while MJML works, so that quoting,
// escaping and whitespace handling cannot touch them.
const kJinjaTag = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|\{#[\s\S]*?#\}/g;

// shield - the source with every Jinja tag replaced by a unique token.
function shield(source, tags) {
  return source.replace(kJinjaTag, (tag) => {
    tags.push(tag);
    return `JINJATAG${tags.length - 1}X`;
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
      fail(result.errors.map((e) => ({ line: e.line === undefined ? null
                                          : e.line,
                                       message: e.formattedMessage ||
                                                e.message })), 1);
      return;
    }
    process.stdout.write(unshield(result.html, tags));
  });
}

main();
