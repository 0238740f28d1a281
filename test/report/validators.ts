/** ajv validators for the official output schemas copied into test/schemas/. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv as AjvDraft07, type ValidateFunction } from 'ajv';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';

// Both are CommonJS modules whose exports object is also the default export: NodeNext types the default
// import as the module namespace, so take its `default` (the same function at run time).
const AjvDraft04 = AjvDraft04Module.default;
const addFormats = addFormatsModule.default;

function schema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../schemas/${name}`, import.meta.url)), 'utf8')) as Record<
    string,
    unknown
  >;
}

export function sarifValidator(): ValidateFunction {
  const ajv = new AjvDraft04({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema('sarif-schema-2.1.0.json'));
}

export function oscalValidators(): { ar: ValidateFunction; ap: ValidateFunction; poam: ValidateFunction } {
  // The OSCAL schemas use \p{L}: ajv compiles patterns with the `u` flag (unicodeRegExp, on by default).
  const ajv = new AjvDraft07({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addSchema(schema('oscal_assessment-results_schema.json'));
  return {
    ar: ajv.getSchema('http://csrc.nist.gov/ns/oscal/1.1.3/oscal-ar-schema.json') as ValidateFunction,
    ap: ajv.compile(schema('oscal_assessment-plan_derived.schema.json')),
    poam: ajv.compile(schema('oscal_poam_schema.json')),
  };
}

/** The official 1.1.3 catalog, profile and assessment-plan schemas, for the documents of an evidence package. */
export function oscalPackageValidators(): {
  catalog: ValidateFunction;
  profile: ValidateFunction;
  ap: ValidateFunction;
} {
  const compile = (name: string): ValidateFunction => {
    const ajv = new AjvDraft07({ allErrors: true, strict: false });
    addFormats(ajv);
    return ajv.compile(schema(name));
  };
  return {
    catalog: compile('oscal_catalog_schema.json'),
    profile: compile('oscal_profile_schema.json'),
    ap: compile('oscal_assessment-plan_schema.json'),
  };
}

export function errorsOf(validate: ValidateFunction): string {
  return JSON.stringify(validate.errors?.slice(0, 5), null, 1);
}
