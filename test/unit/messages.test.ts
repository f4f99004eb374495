import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

// Messages lead with what happened and what to do; the file comes after. A collapsed
// notification shows only its first words, so a message that opens with a file name
// (`actors/jane-roe.yaml has unsaved changes…`) hides its point. This reads every
// refusal, error and notification text of the extension, the core and the Node
// adapters, as written in the source, and fails on one that begins with a file.

const ROOT = path.resolve(__dirname, '..', '..', '..');
const FOLDERS = ['src/core', 'src/vscode', 'src/node', 'src/web'];

/** The first argument of a refusal, an error or a notification, when it is a template or quoted literal. */
const MESSAGE = /(?:new\s+\w*(?:Error|Refusal)\s*\(|show(?:Warning|Error|Information)Message\s*\()\s*(`(?:[^`\\]|\\.)*`|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")/g;

/** An interpolation that names a file or folder. */
const FILE_EXPRESSION = /\b(?:basename|location|lockPath|path|sidecar|document|file|dir|uri|target|root)\b|^name$/i;

/** True when the message text (with its quotes) begins with a file name or path. */
function leadsWithFile(literal: string): boolean {
  const body = literal.slice(1, -1);
  if (/^(?:\/|\.\.?\/|[\w.-]+\.(?:ya?ml|txt|json|csv)\b)/.test(body)) return true;
  const first = /^\$\{([^}]*)\}/.exec(body);
  return Boolean(first && FILE_EXPRESSION.test(first[1]!.trim()));
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('messages lead with what happened, the file after', () => {
  it('the check itself catches a message that opens with a file', () => {
    assert.ok(leadsWithFile('`${basename(sidecar)} is gone, so there is nothing to re-attach.`'));
    assert.ok(leadsWithFile('`${name} is outside ${rootAbs}, so nothing was written to it.`'));
    assert.ok(leadsWithFile("'actors.yaml cannot be read'"));
    assert.ok(leadsWithFile("`${path.basename(lockPath).replace(/-[0-9a-z]+\\.lock$/, '')} is being written by another window`"));
    assert.ok(!leadsWithFile('`Nothing to re-attach: the sidecar is gone. (${basename(sidecar)})`'));
    assert.ok(!leadsWithFile('`${actor.name} has no quotes or mentions left.`'), 'an actor’s name is not a file');
  });

  it('no refusal, error or notification of the extension begins with a file name', () => {
    const offenders: string[] = [];
    let seen = 0;
    for (const file of FOLDERS.flatMap((folder) => sources(path.join(ROOT, folder)))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const match of text.matchAll(MESSAGE)) {
        seen++;
        if (leadsWithFile(match[1]!)) {
          const line = text.slice(0, match.index).split('\n').length;
          offenders.push(`${path.relative(ROOT, file)}:${line}: ${match[1]!.slice(0, 90)}`);
        }
      }
    }
    assert.ok(seen > 50, `only ${seen} messages found: the pattern no longer matches the source`);
    assert.deepEqual(offenders, []);
  });
});
