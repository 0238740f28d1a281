/**
 * Where two parsed JSON values differ, or undefined when they are the same: same types, same own keys in the same
 * order (JSON.parse's order), prototypes alike, numbers compared with Object.is so -0 is not 0. Unlike
 * toStrictEqual it does not read `.constructor`, which a JSON key may own.
 */
export function jsonDifference(actual: unknown, expected: unknown, path = '$'): string | undefined {
  if (actual === null || expected === null || typeof actual !== 'object' || typeof expected !== 'object') {
    return Object.is(actual, expected) ? undefined : `${path}: ${String(actual)} !== ${String(expected)}`;
  }
  if (Object.getPrototypeOf(actual) !== Object.getPrototypeOf(expected)) return `${path}: prototypes differ`;
  const actualKeys = Object.keys(actual);
  const expectedKeys = Object.keys(expected);
  if (actualKeys.join('\u0000') !== expectedKeys.join('\u0000')) {
    return `${path}: keys ${JSON.stringify(actualKeys)} !== ${JSON.stringify(expectedKeys)}`;
  }
  for (const key of actualKeys) {
    const actualChild: unknown = Object.getOwnPropertyDescriptor(actual, key)?.value;
    const expectedChild: unknown = Object.getOwnPropertyDescriptor(expected, key)?.value;
    const difference = jsonDifference(actualChild, expectedChild, `${path}[${JSON.stringify(key)}]`);
    if (difference !== undefined) return difference;
  }
  return undefined;
}
