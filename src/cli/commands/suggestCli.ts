/** `seed-annotator suggest DIR`: quote suggestions for batch pre-annotation. */

import { suggestCorpus } from '../../node/suggestCorpus';
import { CLI_NAME, UsageError, type CliCommand } from '../cliCommand';

export const suggestCli: CliCommand = {
  name: 'suggest',
  synopsis: 'DIR [--format text|jsonl] [--include-tagged]',
  help: [
    'Suggest quotes, with their cue and speaker, in',
    'every seed document, as the editor does. jsonl:',
    'one {document, start, end, text, direct, cue,',
    'speaker, actor, confidence} per line; offsets',
    'count code points.',
  ],
  options: {
    format: { type: 'string', short: 'f', value: 'FORMAT', help: 'text (default) or jsonl.' },
    'include-tagged': { type: 'boolean', help: 'also suggest quotes that are already tagged.' },
  },
  async run({ dir, values, io }) {
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'jsonl') throw new UsageError(`unknown format “${String(format)}”: use text or jsonl`);
    const { records, warnings } = await suggestCorpus(dir, { includeTagged: values['include-tagged'] === true });
    for (const w of warnings) io.stderr(`${CLI_NAME}: ${w}\n`);
    if (format === 'jsonl') {
      io.stdout(records.map((r) => `${JSON.stringify({ document: r.document, start: r.start, end: r.end, text: r.text, direct: r.direct, cue: r.cue, speaker: r.speaker, actor: r.actor, confidence: r.confidence })}\n`).join(''));
      return 0;
    }
    for (const r of records) {
      const text = r.text.length > 70 ? `${r.text.slice(0, 69)}…` : r.text;
      io.stdout(`${r.document}:${r.start}-${r.end}  ${r.speaker ?? '(no speaker)'}${r.actor ? ` [${r.actor}]` : ''} · ${r.cue ?? '–'} · ${r.direct ? 'direct' : 'indirect'} · ${r.confidence}  ${text.replace(/\s+/g, ' ')}\n`);
    }
    if (!records.length) io.stderr(`${CLI_NAME}: no quotes to suggest in ${dir}\n`);
    return 0;
  },
};
