/** `seed-annotator git-setup DIR`: installs the merge driver in the corpus's git repository. */

import * as path from 'node:path';
import { gitSetup, NotARepositoryError } from '../../node/mergeFiles';
import { CLI_NAME, InputError, type CliCommand } from '../cliCommand';

export const gitSetupCli: CliCommand = {
  name: 'git-setup',
  synopsis: 'DIR',
  help: [
    'Install the merge driver: .gitattributes lines',
    'in DIR for sidecars and actor files, and',
    'merge.seed-annotator.driver in the local git',
    'config. Running it again changes nothing.',
  ],
  options: {},
  async run({ dir, io }) {
    // This very program, as git will start it: the Node that runs it and the bundled CLI file.
    const cli = [process.execPath, path.resolve(__filename)];
    let result;
    try {
      result = await gitSetup(dir, cli);
    } catch (error) {
      if (error instanceof NotARepositoryError) throw new InputError(error.message);
      throw error;
    }
    const attributes = path.relative(process.cwd(), result.attributesFile) || result.attributesFile;
    io.stdout(result.addedAttributes.length ? `added to ${attributes}: ${result.addedAttributes.join(', ')}\n` : `${attributes} already routes sidecars and actor files to the driver\n`);
    io.stdout(result.configChanged ? `set merge.seed-annotator.driver in ${result.repository}/.git/config: ${result.driver}\n` : 'the merge driver was already configured\n');
    io.stderr(`${CLI_NAME}: commit ${attributes}; everyone who merges locally runs git-setup once in their clone\n`);
    return 0;
  },
};
