/** Plain-language descriptions of the file-system errors a user can cause by what they pass on the command line. */

const PROBLEM_BY_CODE: Record<string, string> = {
  ENOENT: 'no such file',
  ENOTDIR: 'no such file (a part of the path is not a directory)',
  EISDIR: 'is a directory, not a JSON file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'the file name is too long',
  EMFILE: 'too many open files',
  EIO: 'input/output error while reading',
};

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code: unknown = error.code;
  return typeof code === 'string' ? code : undefined;
}

/** The problem to report for a Node.js file-system error, or undefined when `error` is not one. */
export function describeFileSystemError(error: unknown): string | undefined {
  const code = errorCode(error);
  if (code === undefined) return undefined;
  return PROBLEM_BY_CODE[code] ?? `cannot read (${code})`;
}
