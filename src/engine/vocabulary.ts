/**
 * Severities and profiles: words the configuration and the engine both speak. Kept apart from the
 * engine's contracts (types.ts, which names the configuration a rule runs under), so the configuration
 * can use them without an import cycle.
 */
export type Severity = 'critical' | 'high' | 'medium' | 'low';
/** The one severity order, most severe first. */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];
/** Position in SEVERITIES: lower is more severe. */
export const SEVERITY_RANK = Object.fromEntries(SEVERITIES.map((s, i) => [s, i])) as Readonly<Record<Severity, number>>;
export type Profile = 'baseline' | 'regulated' | 'highest-trust';
export const PROFILES: readonly Profile[] = ['baseline', 'regulated', 'highest-trust'];
