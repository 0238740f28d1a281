/**
 * Module resolution hook for custom rules (registered by loadCustomRules): `import ... from 'airgap-audit'`
 * in a rule resolves to the running tool's own library, wherever the rules directory lives. A rules
 * directory in a repository that has no node_modules (the usual CI case) then works, and a rule always
 * sees the same model and helpers as the engine that runs it.
 */
interface ResolveResult {
  url: string;
  shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context: unknown) => Promise<ResolveResult>;

let libraryUrl = '';

export function initialize(data: { libraryUrl: string }): void {
  libraryUrl = data.libraryUrl;
}

export async function resolve(specifier: string, context: unknown, next: NextResolve): Promise<ResolveResult> {
  if (specifier === 'airgap-audit' && libraryUrl) return { url: libraryUrl, shortCircuit: true };
  return next(specifier, context);
}
