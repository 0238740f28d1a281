import { describe, expect, it, vi } from 'vitest';

// Tests run as root on CI, where chmod 000 does not stop a read: the refusal is simulated where the open happens.
vi.mock('node:fs/promises', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...original,
    open: async (path: string, flags?: string) => {
      if (path.endsWith('forbidden.json')) {
        throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), {
          code: 'EACCES',
          errno: -13,
          syscall: 'open',
          path,
        });
      }
      return original.open(path, flags);
    },
  };
});

const { readJsonInput } = await import('../../src/input/readJson.js');
const { describeFileSystemError } = await import('../../src/input/fileSystemErrors.js');

describe('readJsonInput and file-system errors', () => {
  it('reports permission denied on one line naming the file', async () => {
    await expect(readJsonInput('/plans/forbidden.json')).rejects.toThrow(
      /^\/plans\/forbidden\.json: permission denied$/,
    );
  });

  it.each([
    ['ENOENT', 'no such file'],
    ['EACCES', 'permission denied'],
    ['EPERM', 'permission denied'],
    ['EISDIR', 'is a directory, not a JSON file'],
    ['ELOOP', 'too many levels of symbolic links'],
    ['EXDEV', 'cannot read (EXDEV)'],
  ])('describes %s as %j', (code, problem) => {
    expect(describeFileSystemError(Object.assign(new Error(code), { code }))).toBe(problem);
  });

  it('leaves other errors alone', () => {
    expect(describeFileSystemError(new Error('boom'))).toBeUndefined();
    expect(describeFileSystemError('EACCES')).toBeUndefined();
  });
});
