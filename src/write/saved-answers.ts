import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Keeps a user's typed answers when `new` fails after the questions, so
 * fixing the problem never means answering everything again. A fresh
 * directory under the OS temp dir: nothing in the user's tree is touched,
 * and no other file can be overwritten. Returns the file's path.
 */
export async function saveAnswers(answers: object): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'create-pacifica-dispatcher-'));
  const file = path.join(dir, 'answers.json');
  await writeFile(file, `${JSON.stringify(answers, null, 2)}\n`, { flag: 'wx' });
  return file;
}
