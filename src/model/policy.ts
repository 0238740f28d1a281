/**
 * Policy documents as the model holds them (identity, trust, key, bucket, endpoint), in one normalized
 * form. Parsing lives in `src/policy`; the shape lives here so the model depends on nothing outside it.
 */

export type PrincipalSpec = '*' | Readonly<Record<string, readonly string[]>>;
/** operator -> condition key (lower-cased) -> values */
export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

export interface PolicyStatement {
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly principal?: PrincipalSpec;
  readonly notPrincipal?: PrincipalSpec;
  readonly action?: readonly string[];
  readonly notAction?: readonly string[];
  readonly resource?: readonly string[];
  readonly notResource?: readonly string[];
  readonly condition: ConditionBlock;
}

/** A statement as a parser builds it, before the model holds it read-only. */
export type StatementDraft = { -readonly [K in keyof PolicyStatement]: PolicyStatement[K] };

/**
 * A parsed document may be shared by every entity that holds the same text (see policy/policyDocument.ts), so the
 * model holds it read-only.
 */
export interface PolicyDocument {
  readonly version?: string;
  readonly statements: readonly PolicyStatement[];
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
