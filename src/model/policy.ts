/**
 * Policy documents as the model holds them (identity, trust, key, bucket, endpoint), in one normalized
 * form. Parsing lives in `src/policy`; the shape lives here so the model depends on nothing outside it.
 */

export type PrincipalSpec = '*' | Record<string, string[]>;
/** operator -> condition key (lower-cased) -> values */
export type ConditionBlock = Record<string, Record<string, string[]>>;

export interface PolicyStatement {
  sid?: string;
  effect: 'Allow' | 'Deny';
  principal?: PrincipalSpec;
  notPrincipal?: PrincipalSpec;
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  condition: ConditionBlock;
}

export interface PolicyDocument {
  version?: string;
  statements: PolicyStatement[];
}

/**
 * A policy-carrying field. `absent` means the input settles that no policy was given, so the service's
 * documented default applies (the default key policy, full access on an endpoint); it is never used
 * for a policy that could not be read, which is `unknown`.
 */
export type PolicyValue =
  | { state: 'absent'; origin: string }
  | { state: 'known'; doc: PolicyDocument; origin: string; bytes: number; rebuilt?: boolean }
  | { state: 'unknown'; origin: string; what: string }
  /** A live scan could not read it: `call` is the API call that failed. */
  | { state: 'unreadable'; origin: string; call: string; what: string }
  | { state: 'malformed'; origin: string; error: string };
